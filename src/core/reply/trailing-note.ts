/**
 * A note in parentheses at the end of a value ("Wang Kun (完整名单见原文)", "Title (if available)"), found by scanning
 * back from the end. A regex such as /\s*\([^()]*\)\s*$/ tries every start position and rescans the rest of the
 * value from each: quadratic on a long value full of spaces or parentheses. These scans touch each character once.
 */
const SPACE = /\s/;
const OPEN = new Set(['(', '（']);
const CLOSE = new Set([')', '）']);

export interface TrailingNote {
  /** Where the note and the spaces before it begin: `value.slice(0, cut)` is the value without it. */
  cut: number;
  /** What is between the parentheses. */
  inner: string;
}

/** Start of the run of spaces that ends at `at`. */
function spacesBefore(value: string, at: number): number {
  let i = at;
  while (i > 0 && SPACE.test(value[i - 1]!)) i--;
  return i;
}

/** End of the value without trailing spaces. */
function endWithoutSpaces(value: string): number {
  return spacesBefore(value, value.length);
}

/** A final "(…)" or "（…）" with no parenthesis inside, as /\s*[(（]([^()（）]*)[)）]\s*$/ finds it; null when none. */
export function trailingNote(value: string): TrailingNote | null {
  const end = endWithoutSpaces(value);
  if (end === 0 || !CLOSE.has(value[end - 1]!)) return null;
  let open = end - 2;
  while (open >= 0 && !OPEN.has(value[open]!) && !CLOSE.has(value[open]!)) open--;
  if (open < 0 || !OPEN.has(value[open]!)) return null;
  return { cut: spacesBefore(value, open), inner: value.slice(open + 1, end - 1) };
}

/**
 * A final note that `accepts`: the leftmost opening parenthesis after the last inner closing one whose note
 * `accepts(inner)`, as /\s*[(（](?:…)[)）]\s*$/ finds it when the alternatives may contain an opening parenthesis
 * ("(如果可用(…)"). Returns where the note and the spaces before it begin, or -1. `accepts` gets the bounds of the
 * note's text in `value` and must take constant time (it is asked once per opening parenthesis).
 */
export function trailingNoteWhere(value: string, accepts: (innerStart: number, innerEnd: number) => boolean): number {
  const end = endWithoutSpaces(value);
  if (end === 0 || !CLOSE.has(value[end - 1]!)) return -1;
  let from = end - 2;
  while (from >= 0 && !CLOSE.has(value[from]!)) from--;
  for (let open = from + 1; open < end - 1; open++) {
    if (OPEN.has(value[open]!) && accepts(open + 1, end - 1)) return spacesBefore(value, open);
  }
  return -1;
}
