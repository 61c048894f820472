/**
 * Checks what the model claims against the paper itself: links must occur in it, authors must be on its first pages.
 * Only the paper: what a request brings (its known paper link) is applied per request by linksForRequest.
 */
import type { PaperStructure, Summary } from '../types.ts';
import { trimEndWhere } from '../structure/text-utils.ts';
import { arxivAbsUrl, doiUrl } from './identifier-links.ts';

/** Comparable form of a URL: no scheme, no www, no trailing punctuation or slash, no .git. */
export function normalizeUrl(url: string): string {
  const bare = url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '');
  // Model output: the trailing run is trimmed in linear time (a `[…]+$` pattern rescans a long run at every start).
  return trimEndWhere(bare, /[.,;:)\]}>'"/]/u).replace(/\.git$/, '');
}

/** Paper text without whitespace, so a URL broken across lines still matches. */
export function compactText(structure: PaperStructure): string {
  return structure.pages.map((p) => p.text).join('').replace(/\s+/g, '').toLowerCase();
}

const ARXIV_IN_URL = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[a-z]{2})?\/\d{7}|\d{4}\.\d{4,5}(?:v\d+)?)/i;
const DOI_IN_URL = /doi\.org\/(10\.\d{4,9}\/\S+)$/i;

/** The paper's own identifier as a link (arXiv first, then DOI), from what the structure stage found. */
export function canonicalPaperLink(structure: PaperStructure): string | null {
  if (structure.arxivId) return arxivAbsUrl(structure.arxivId);
  if (structure.doi) return doiUrl(structure.doi);
  return null;
}

/**
 * The claimed paper link as it may be shown, or null. An arXiv or DOI link must name the paper's own id and is then
 * rewritten to its canonical form (a look-alike such as https://evil.example/arxiv.org/abs/<id> never survives);
 * any other link must occur in the paper's text.
 */
function checkedPaperLink(link: string, structure: PaperStructure, text: string): string | null {
  const arxiv = ARXIV_IN_URL.exec(link)?.[1];
  if (arxiv) {
    const same = !!structure.arxivId && structure.arxivId.replace(/v\d+$/, '') === arxiv.replace(/v\d+$/, '');
    return same ? arxivAbsUrl(arxiv) : null;
  }
  const doi = DOI_IN_URL.exec(link)?.[1];
  if (doi) return structure.doi && structure.doi.toLowerCase() === doi.toLowerCase() ? doiUrl(structure.doi) : null;
  return text.includes(normalizeUrl(link)) ? link : null;
}

/**
 * The links as the paper alone supports them. Nothing from the request goes in: this is what the shared cache keeps,
 * so one request's link can never reach another's summary (linksForRequest adds it per request).
 */
export function verifyLinks(claimed: { paper: string | null; code: string | null }, structure: PaperStructure): { paper: string | null; code: string | null } {
  const text = compactText(structure);
  const paper = (claimed.paper && checkedPaperLink(claimed.paper, structure, text)) || canonicalPaperLink(structure);
  let code: string | null = null;
  if (claimed.code) {
    const n = normalizeUrl(claimed.code);
    const printed = structure.githubUrls.find((u) => normalizeUrl(u) === n);
    code = printed ?? (n.length > 12 && text.includes(n) ? claimed.code : null);
  }
  return { paper, code };
}

/** What one request sees: the paper link its own input named (an arXiv id or DOI it typed), else the verified one. */
export function linksForRequest(links: Summary['links'], knownPaperUrl: string | undefined): Summary['links'] {
  return knownPaperUrl ? { ...links, paper: knownPaperUrl } : links;
}

/** Lower-case letters only (CJK kept), for tolerant name matching. */
function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}]/gu, '');
}

/** Keeps the model's authors that appear on the first pages; falls back to the extracted list when most do not. */
export function verifyAuthors(claimed: string[], structure: PaperStructure): string[] {
  const front = nameKey(structure.pages.slice(0, 2).map((p) => p.text).join(' '));
  if (!front) return claimed.length ? claimed : structure.authors;
  const found = claimed.filter((a) => {
    const key = nameKey(a);
    if (key.length >= 2 && front.includes(key)) return true;
    const parts = a.split(/\s+/).map(nameKey).filter((p) => p.length > 1);
    const last = parts[parts.length - 1];
    return !!last && last.length > 2 && front.includes(last);
  });
  if (structure.authors.length > 0 && found.length < Math.ceil(claimed.length / 2)) return structure.authors;
  return found.length > 0 ? found : structure.authors;
}
