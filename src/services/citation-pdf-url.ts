/**
 * Landing pages (a DOI page, an arXiv abs page) that name their PDF in `<meta name="citation_pdf_url">`: whether a
 * downloaded body is such a page, and the link it names.
 */

/** How much of an HTML page is scanned for the link (the meta tags are in the head). */
export const HTML_SCAN_BYTES = 512 * 1024;

/*
 * The page is untrusted, so it is read by a small hand-written tokenizer, not by regexes: /<meta\b[^>]*>/ and an
 * attribute loop over each tag rescan a long unterminated tag from every position (one page with a long `<meta …`
 * run held the event loop for seconds to minutes). An HTML library would do, but one tag type matters and the HTML
 * tokenizer's rules for getting to it are few: a tag is `<` or `</` and a letter, its name ends at a space, `/` or
 * `>`; an attribute is a name, then optionally `=` and a value in double quotes, in single quotes, or unquoted up to
 * a space or `>`; a `>` inside quotes does not end the tag; the first of two same-named attributes counts; a tag cut
 * off by the end of the text does not count; comments, `<!…>` / `<?…>` and the text of script, style, title and
 * textarea elements hold no tags. Each character is read once or twice.
 */

const SPACE = new Set([' ', '\t', '\n', '\f', '\r']);
const LETTER = /[a-z]/i;
/** Elements whose text is not markup: a `<meta` in it is text. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes']);

const endsName = (ch: string | undefined) => ch === undefined || SPACE.has(ch) || ch === '/' || ch === '>';

/** The attributes of the tag whose attribute list starts at `from`, and where the tag ends; null when it never ends. */
function readAttributes(html: string, from: number): { attrs: Map<string, string>; end: number } | null {
  const attrs = new Map<string, string>();
  let p = from;
  const skipSpaces = () => {
    while (p < html.length && SPACE.has(html[p]!)) p++;
  };
  for (;;) {
    while (p < html.length && (SPACE.has(html[p]!) || html[p] === '/')) p++;
    if (p >= html.length) return null;
    if (html[p] === '>') return { attrs, end: p + 1 };
    const nameStart = p;
    p++; // the first character belongs to the name even when it is `=`
    while (p < html.length && !endsName(html[p]) && html[p] !== '=') p++;
    const name = html.slice(nameStart, p).toLowerCase();
    let value = '';
    skipSpaces();
    if (html[p] === '=') {
      p++;
      skipSpaces();
      const quote = html[p];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, p + 1);
        if (close < 0) return null;
        value = html.slice(p + 1, close);
        p = close + 1;
      } else {
        const start = p;
        while (p < html.length && !SPACE.has(html[p]!) && html[p] !== '>') p++;
        value = html.slice(start, p);
      }
    }
    if (!attrs.has(name)) attrs.set(name, value);
  }
}

/** Where the end tag `</name` of a raw-text element opens, from `from` on; -1 when it never does. */
function rawTextEnd(html: string, from: number, name: string): number {
  for (let lt = html.indexOf('</', from); lt >= 0; lt = html.indexOf('</', lt + 2)) {
    const at = lt + 2 + name.length;
    if (html.slice(lt + 2, at).toLowerCase() === name && endsName(html[at])) return lt;
  }
  return -1;
}

/** Finds `<meta name="citation_pdf_url" content="…">` (attributes in any order) in an HTML page. */
export function findCitationPdfUrl(html: string): string | null {
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return null;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 2); // from lt + 2: `<!-->` and `<!--->` are empty comments
      if (close < 0) return null;
      i = close + 3;
      continue;
    }
    const closing = html[lt + 1] === '/';
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!LETTER.test(html[nameStart] ?? '')) {
      // `<!…>`, `<?…>` and `</` without a name run to the next `>` (`</>` is nothing); any other `<` is text.
      if (html[lt + 1] !== '!' && html[lt + 1] !== '?' && !closing) {
        i = lt + 1;
        continue;
      }
      const gt = html.indexOf('>', lt + 2);
      if (gt < 0) return null;
      i = gt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (!endsName(html[nameEnd])) nameEnd++;
    const tag = readAttributes(html, nameEnd);
    if (!tag) return null;
    i = tag.end;
    if (closing) continue;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    if (name === 'meta') {
      const kind = (tag.attrs.get('name') ?? tag.attrs.get('property') ?? '').toLowerCase();
      const content = tag.attrs.get('content');
      if (kind === 'citation_pdf_url' && content) return decodeEntities(content.trim());
    } else if (RAW_TEXT.has(name)) {
      i = rawTextEnd(html, i, name);
      if (i < 0) return null;
    }
  }
}

/** A character reference's text, or the reference itself when it names no character (fromCodePoint would throw). */
function fromCode(whole: string, code: number): string {
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (whole, h: string) => fromCode(whole, parseInt(h, 16)))
    .replace(/&#(\d+);/g, (whole, d: string) => fromCode(whole, Number(d)))
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
