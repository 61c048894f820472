/** Small character-level helpers shared by the structure stage (no library, no I/O). */

/** Han ideographs (CJK unified, extension A, compatibility); kana/hangul count as CJK script too. */
export const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;
const CJK_GLOBAL = new RegExp(CJK_CHAR.source, 'gu');
/** CJK punctuation and full-width forms: typeset without spaces around them. */
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef]/u;

export function isCjk(ch: string | undefined): boolean {
  return !!ch && (CJK_CHAR.test(ch) || CJK_PUNCT.test(ch));
}

export function countCjk(text: string): number {
  return text.match(CJK_GLOBAL)?.length ?? 0;
}

/** Width a line takes when printed: a CJK character is about two Latin ones. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isCjk(ch) ? 2 : 1;
  return w;
}

/** Lower-case key without whitespace, for comparing strings that differ only in spacing. */
export function compactKey(text: string): string {
  return text.replace(/\s+/gu, '').toLowerCase();
}

/**
 * Collapses letter-spacing in CJK ("参 考 文 献" → "参考文献", "学 生：李为" → "学生：李为"): a space
 * goes when a single CJK character stands on one side of it. Spaces between words of two or more
 * characters ("第一章 绪论") and next to Latin words stay.
 */
export function collapseCjkSpaces(text: string): string {
  const c = '[\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef]';
  const re = new RegExp(`(?<=(?:^|[^\\S]|[^\\p{L}\\p{N}])${c}) +(?=${c})|(?<=${c}) +(?=${c}(?:$|\\s|[^\\p{L}\\p{N}]))`, 'gu');
  return text.replace(re, '');
}

/** Joins two pieces of running text: no space between CJK characters, one space otherwise. */
export function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1];
  const first = b[0];
  return isCjk(last) && isCjk(first) ? a + b : `${a} ${b}`;
}

/** Joins lines of a paragraph into one string with the spacing rules of joinText. */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) out = joinText(out, line.trim());
  return out.replace(/\s+/gu, ' ').trim();
}

/** Percentile (0..1) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[i] ?? 0;
}

/** Decodes the HTML/XML entities PDF producers leave in Info strings (&#x201C; &amp; …). */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

/** Character similarity in 0..1 (1 - edit distance / longer length), for short strings like titles. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return 1 - (prev[y.length] ?? 0) / Math.max(x.length, y.length);
}

/** Letters and digits only, lower-cased: the form used to compare headings and titles loosely. */
export function looseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/*
 * Linear-time stand-ins for patterns that a backtracking engine retries at every character of a long run
 * ("[.)]+$", "\s*,\s*"): paper text is untrusted, and one long line must not cost seconds.
 */

/** The last character of `text[0, end)` (a whole surrogate pair when there is one). */
function charBefore(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? text.slice(end - 2, end) : text.charAt(end - 1);
}

/** Where the run of characters matching `oneChar` (a one-character class, no g flag) that ends at `end` starts. */
export function runStartBefore(text: string, oneChar: RegExp, end = text.length): number {
  let i = end;
  while (i > 0) {
    const ch = charBefore(text, i);
    if (!oneChar.test(ch)) break;
    i -= ch.length;
  }
  return i;
}

/** `text` without the trailing run of characters matching `oneChar`: what `text.replace(/[…]+$/u, '')` gives. */
export function trimEndWhere(text: string, oneChar: RegExp): string {
  return text.slice(0, runStartBefore(text, oneChar));
}

/** `text` without the leading run of characters matching `oneChar` (`/^[…]+/u`; anchored, so already linear). */
export function trimStartWhere(text: string, oneChar: RegExp): string {
  let i = 0;
  for (const ch of text) {
    if (!oneChar.test(ch)) break;
    i += ch.length;
  }
  return text.slice(i);
}

/**
 * `text.split(separator)` with the whitespace around each separator dropped: what splitting on the separator
 * wrapped in optional whitespace (`\s*` before and after) gives, without that pattern's rescans of long runs.
 */
export function splitTrimmed(text: string, separator: RegExp): string[] {
  const pieces = text.split(separator);
  return pieces.map((p, i) => {
    const start = i > 0 ? p.trimStart() : p;
    return i < pieces.length - 1 ? start.trimEnd() : start;
  });
}

/** Line terminators: `.` does not match them, so a `(.*)$` tail fails on a line that holds one. */
export const LINE_BREAK = /[\n\r\u2028\u2029]/u;
