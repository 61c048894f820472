/**
 * Markdown links `[label](url)` replaced in one pass, with the matches of /\[([^\]]*)\]\(([^)\s]+)\)/g (or, with
 * `httpOnly`, /\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g). The regex is quadratic on untrusted text: every `[` rescans
 * up to the next `]` ("[[[[…"), and every `](` rescans its URL ("[](x[](x[](x…"). Here every `[` before the same `]`
 * is decided once (they all fail or the first one matches), and a URL scan that ended at a space or at the end of
 * the text is reused by the `](` inside it.
 */
const SPACE = /\s/;

export interface BracketLinkOptions {
  /** Only `http://` and `https://` URLs (exactly those letters: the regex has no `i` flag). */
  httpOnly?: boolean;
}

function schemeLength(text: string, at: number): number {
  if (text.startsWith('https://', at)) return 8;
  if (text.startsWith('http://', at)) return 7;
  return -1;
}

export function replaceBracketLinks(
  text: string,
  replace: (label: string, url: string) => string,
  options: BracketLinkOptions = {},
): string {
  let out = '';
  let copied = 0;
  let from = 0;
  // The last URL scan: from `scanFrom`, the first `)` or space is at `scanEnd` (or the text ends there).
  let scanFrom = -1;
  let scanEnd = -1;
  for (;;) {
    const open = text.indexOf('[', from);
    if (open < 0) break;
    const close = text.indexOf(']', open + 1);
    if (close < 0) break;
    from = close + 1;
    if (text[close + 1] !== '(') continue;
    const urlStart = close + 2;
    const prefix = options.httpOnly ? schemeLength(text, urlStart) : 0;
    if (prefix < 0) continue;
    if (urlStart > scanEnd || urlStart < scanFrom) {
      scanFrom = urlStart;
      scanEnd = urlStart;
      while (scanEnd < text.length && text[scanEnd] !== ')' && !SPACE.test(text[scanEnd]!)) scanEnd++;
    }
    if (text[scanEnd] !== ')' || scanEnd <= urlStart + prefix) continue;
    out += text.slice(copied, open) + replace(text.slice(open + 1, close), text.slice(urlStart, scanEnd));
    copied = scanEnd + 1;
    from = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
