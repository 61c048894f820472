/**
 * Markdown links and images, `[label](url)` / `![alt](url "title")`, replaced in one pass: the matches of
 *   /(!?)\[([^\]\n]*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\s*\)/g
 * (a destination with at most one level of balanced parentheses, an optional "title"). Run as a regex on model
 * output that pattern is quadratic: every `[` rescans up to the next `]` ("[[[[…"), and the `\s*` after `(` trades
 * spaces with the ones around the title. Here every `[` before the same `]` is decided once (the first one matches
 * or they all fail), and the part from `(` on runs as a sticky regex whose leading spaces are taken whole.
 */

/**
 * From `(`: the spaces taken whole (lookahead + backreference, a possessive `\s*`); then a destination with an
 * optional title, or — what the original reaches only by handing those spaces back — no destination and a title.
 */
const AFTER_LABEL = /\((?=(\s*))\1(?:([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\s*\)|(?<=\s)"[^"\n]*"\s*\))/y;

export function replaceMarkdownLinks(markdown: string, replace: (bang: string, label: string, url: string) => string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const open = markdown.indexOf('[', from);
    if (open < 0) break;
    let close = open + 1;
    while (close < markdown.length && markdown[close] !== ']' && markdown[close] !== '\n') close++;
    if (close >= markdown.length) break;
    from = close + 1;
    if (markdown[close] !== ']') continue;
    AFTER_LABEL.lastIndex = close + 1;
    const m = AFTER_LABEL.exec(markdown);
    if (!m) continue;
    // `(!?)`: the `!` before the first `[` belongs to the match when it is not part of the previous one.
    const bang = open - 1 >= copied && markdown[open - 1] === '!';
    const start = bang ? open - 1 : open;
    out += markdown.slice(copied, start) + replace(bang ? '!' : '', markdown.slice(open + 1, close), m[2] ?? '');
    copied = AFTER_LABEL.lastIndex;
    from = copied;
  }
  return copied === 0 ? markdown : out + markdown.slice(copied);
}
