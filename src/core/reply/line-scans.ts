/**
 * Two reply-value patterns that end in `.*$` / `.+$` after a label, done as scans that try each label once.
 * As regexes they are quadratic on model output: `^(.*?)\s*label…(.+)$` retries the label and the rest of the line
 * from every split point, and each failed `.*$` rescans to a line break that comes after every later label too.
 * `.` stops at line breaks, so both keep that rule: a match never reaches the end across one.
 */
const SPACE = /\s/;
/** What `.` does not match. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function lastLineBreak(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && !LINE_BREAK.test(text[i]!)) i--;
  return i;
}

/** What /\s*(.+)$/ captures from `from` on, or null; `lastBreak` is the text's last line break (-1 if none). */
function restOfLine(text: string, from: number, lastBreak: number): string | null {
  let p = from;
  while (p < text.length && SPACE.test(text[p]!)) p++;
  if (p < text.length) return lastBreak < p ? text.slice(p) : null;
  // Only spaces after the label: `.+` takes the last one (the `\s*` before it gives it back), unless it is a break.
  const last = text[text.length - 1];
  return from < text.length && last !== undefined && !LINE_BREAK.test(last) ? last : null;
}

/**
 * [before, after] as /^(.*?)\s*(?:label)(.+)$/ captures them (`before` without the spaces ahead of the label, `after`
 * without those behind it), or null. `label` is a global regex for the label and what follows it up to the answer
 * (e.g. "翻译\s*[:：]"); no match of it may start inside another.
 */
export function splitAtLabel(text: string, label: RegExp): [string, string] | null {
  const firstBreak = text.search(LINE_BREAK);
  const lastBreak = lastLineBreak(text);
  for (const m of text.matchAll(label)) {
    let start = m.index;
    while (start > 0 && SPACE.test(text[start - 1]!)) start--;
    if (firstBreak >= 0 && start > firstBreak) return null; // `(.*?)` cannot cross a line break
    const rest = restOfLine(text, m.index + m[0].length, lastBreak);
    if (rest !== null) return [text.slice(0, start), rest];
  }
  return null;
}

/**
 * `text` without its first match of `pattern` (a global regex) and everything after it, as text.replace(/pattern.*$/,
 * '') gives: a match counts only when no line break follows it.
 */
export function cutFromLabel(text: string, pattern: RegExp): string {
  const lastBreak = lastLineBreak(text);
  for (const m of text.matchAll(pattern)) if (m.index + m[0].length > lastBreak) return text.slice(0, m.index);
  return text;
}
