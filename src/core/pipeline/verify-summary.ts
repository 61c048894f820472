/** Checks what the model claims against the paper itself: links must occur in it, authors must be on its first pages. */
import type { PaperStructure } from '../types.ts';

/** Comparable form of a URL: no scheme, no www, no trailing punctuation or slash, no .git. */
export function normalizeUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[.,;:)\]}>'"\/]+$/, '')
    .replace(/\.git$/, '');
}

/** Paper text without whitespace, so a URL broken across lines still matches. */
export function compactText(structure: PaperStructure): string {
  return structure.pages.map((p) => p.text).join('').replace(/\s+/g, '').toLowerCase();
}

const ARXIV_IN_URL = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+(?:\.[a-z]{2})?\/\d{7}|\d{4}\.\d{4,5})/i;
const DOI_IN_URL = /doi\.org\/(10\.\d{4,9}\/\S+)$/i;

export function canonicalPaperLink(structure: PaperStructure, knownPaperUrl?: string): string | null {
  if (knownPaperUrl) return knownPaperUrl;
  if (structure.arxivId) return `https://arxiv.org/abs/${structure.arxivId}`;
  if (structure.doi) return `https://doi.org/${structure.doi}`;
  return null;
}

function paperLinkOk(link: string, structure: PaperStructure, text: string, knownPaperUrl?: string): boolean {
  if (knownPaperUrl && normalizeUrl(link) === normalizeUrl(knownPaperUrl)) return true;
  const arxiv = ARXIV_IN_URL.exec(link)?.[1];
  if (arxiv) return !!structure.arxivId && structure.arxivId.replace(/v\d+$/, '') === arxiv.replace(/v\d+$/, '');
  const doi = DOI_IN_URL.exec(link)?.[1];
  if (doi) return !!structure.doi && structure.doi.toLowerCase() === doi.toLowerCase();
  return text.includes(normalizeUrl(link));
}

export function verifyLinks(
  claimed: { paper: string | null; code: string | null },
  structure: PaperStructure,
  knownPaperUrl?: string,
): { paper: string | null; code: string | null } {
  const text = compactText(structure);
  const fallback = canonicalPaperLink(structure, knownPaperUrl);
  const paper = claimed.paper && paperLinkOk(claimed.paper, structure, text, knownPaperUrl) ? claimed.paper : fallback;
  let code: string | null = null;
  if (claimed.code) {
    const n = normalizeUrl(claimed.code);
    const printed = structure.githubUrls.find((u) => normalizeUrl(u) === n);
    code = printed ?? (n.length > 12 && text.includes(n) ? claimed.code : null);
  }
  return { paper, code };
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
