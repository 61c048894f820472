/**
 * Landing pages (a DOI page, an arXiv abs page) that name their PDF in `<meta name="citation_pdf_url">`: whether a
 * downloaded body is such a page, and the link it names.
 */

/** How much of an HTML page is scanned for the link (the meta tags are in the head). */
export const HTML_SCAN_BYTES = 512 * 1024;

/** Finds `<meta name="citation_pdf_url" content="…">` (attributes in any order) in an HTML page. */
export function findCitationPdfUrl(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
    }
    const name = (attrs.get('name') ?? attrs.get('property') ?? '').toLowerCase();
    const content = attrs.get('content');
    if (name === 'citation_pdf_url' && content) return decodeEntities(content.trim());
  }
  return null;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** An HTML page by its content type or its first bytes; anything that starts like a PDF is not. */
export function isHtml(contentType: string | null, bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return false;
  if (contentType && /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<meta)/i.test(head);
}
