/**
 * Turns what a user typed (CLI argument, chat text) into either a local file or a URL to download.
 *
 * Recognised, in this order:
 * - arXiv ids: `2401.00001`, `2401.00001v2`, `arXiv:2401.00001v2`, old style `hep-th/9901001`, `cs.CL/0101001v1`
 *   → <ARXIV_PDF_URL><id>, by default https://arxiv.org/pdf/<id> (paper link https://arxiv.org/abs/<id> always, also
 *   with a mirror). The old-style subject class (`.CL`) is not part of the identifier and is dropped; a version
 *   suffix is kept.
 * - DOIs: `10.1234/abc`, `doi:10.1234/abc` → https://doi.org/<doi> (paper link the same). The arXiv DOI
 *   `10.48550/arXiv.<id>` is treated as that arXiv id.
 * - URLs: arXiv abs/pdf/html pages (arxiv.org, www.arxiv.org, export.arxiv.org; http or https) become the canonical
 *   arXiv forms above; doi.org / dx.doi.org URLs become https://doi.org/<doi>; any other http(s) URL is fetched as
 *   is (paper link unknown). `arxiv.org/...` and `doi.org/...` without a scheme are accepted too.
 * - Any other scheme (`file:`, `ftp:`, `javascript:`, `data:`, …) is refused with `url_refused`.
 * - Everything else is a local path. Existence is checked by the caller.
 *
 * A local file whose name looks exactly like an arXiv id or a DOI (say a file called `2401.00001`), or that contains
 * a colon before any slash, must be given with a directory part: `./2401.00001`.
 */
import { PaperError } from '../errors.ts';

export type ResolvedInput =
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string; paperUrl: string | null; label: string };

const NEW_ID = /^(\d{4}\.\d{4,5})(v\d+)?$/;
// Old style (before April 2007): archive, optional subject class, slash, YYMMNNN.
const OLD_ARCHIVES =
  'acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|cond-mat|cs|dg-ga|' +
  'funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|' +
  'q-alg|q-bio|quant-ph|solv-int|supr-con';
const OLD_ID = new RegExp(`^(${OLD_ARCHIVES})(?:\\.[A-Za-z][A-Za-z-]*)?\\/(\\d{2}(?:0[1-9]|1[0-2])\\d{3})(v\\d+)?$`);
const DOI = /^10\.\d{4,9}\/\S+$/;
const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);
const REFUSED = { reason: 'only http and https addresses are fetched' } as const;
/** ARXIV_PDF_URL's default. */
export const ARXIV_PDF_BASE = 'https://arxiv.org/pdf/';

export interface ResolveOptions {
  /** Where arXiv PDFs are downloaded from (ARXIV_PDF_URL, e.g. a mirror): the id is appended. */
  arxivPdfUrl?: string | undefined;
}

/** Canonical arXiv id (`2401.00001v2`, `hep-th/9901001`) or null. */
function parseArxivId(text: string): string | null {
  const s = text.replace(/^arxiv:\s*/i, '');
  const modern = NEW_ID.exec(s);
  if (modern) {
    const month = Number(modern[1]!.slice(2, 4));
    if (month < 1 || month > 12) return null;
    return modern[1]! + (modern[2] ?? '');
  }
  const old = OLD_ID.exec(s);
  if (old) return `${old[1]}/${old[2]}${old[3] ?? ''}`;
  return null;
}

function arxiv(id: string, base: string): ResolvedInput {
  return { kind: 'url', url: `${base.endsWith('/') ? base : `${base}/`}${id}`, paperUrl: `https://arxiv.org/abs/${id}`, label: `arXiv:${id}` };
}

/** Percent-encodes the characters that would change a URL's meaning; DOIs may contain almost anything. */
function doiPath(doi: string): string {
  return doi.replace(/[%"#?<>\s^`{}|\\]/g, (c) => encodeURIComponent(c));
}

function doi(rawDoi: string, base: string): ResolvedInput {
  const arxivDoi = /^10\.48550\/arxiv\.(.+)$/i.exec(rawDoi);
  if (arxivDoi) {
    const id = parseArxivId(arxivDoi[1]!);
    if (id) return arxiv(id, base);
  }
  const url = `https://doi.org/${doiPath(rawDoi)}`;
  return { kind: 'url', url, paperUrl: url, label: `doi:${rawDoi}` };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromUrl(url: URL, original: string, base: string): ResolvedInput {
  const host = url.hostname.toLowerCase();
  if (ARXIV_HOSTS.has(host)) {
    const m = /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?$/.exec(url.pathname);
    const id = m ? parseArxivId(safeDecode(m[1]!)) : null;
    if (id) return arxiv(id, base);
  }
  if (DOI_HOSTS.has(host)) {
    const raw = safeDecode(url.pathname.slice(1)) + (url.search ? safeDecode(url.search) : '');
    const d = raw.replace(/^doi:/i, '');
    if (DOI.test(d)) return doi(d, base);
  }
  return { kind: 'url', url: url.href, paperUrl: null, label: original };
}

export function resolveInput(input: string, options: ResolveOptions = {}): ResolvedInput {
  const text = input.trim();
  const base = options.arxivPdfUrl ?? ARXIV_PDF_BASE;

  const id = parseArxivId(text);
  if (id) return arxiv(id, base);

  const bareDoi = text.replace(/^doi:\s*/i, '');
  if (DOI.test(bareDoi)) return doi(bareDoi, base);

  // Host names we know, typed without a scheme.
  if (/^(?:(?:www\.|export\.)?arxiv\.org|(?:dx\.|www\.)?doi\.org)\//i.test(text)) {
    return fromUrl(new URL(`https://${text}`), text, base);
  }

  // A scheme: letters then ':' before any slash. One letter is a Windows drive (C:\paper.pdf), a path.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (scheme && scheme[1]!.length > 1) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') throw new PaperError('url_refused', { ...REFUSED });
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new PaperError('url_refused', { reason: 'this is not a valid web address' });
    }
    if (!url.hostname) throw new PaperError('url_refused', { reason: 'this is not a valid web address' });
    return fromUrl(url, text, base);
  }

  return { kind: 'file', path: input };
}
