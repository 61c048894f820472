/**
 * Front-matter lines in one shape whether they come from the layout (superscripts known from type
 * size) or from plain text (markers recognised by their symbols), so author and affiliation parsing
 * is written once.
 */
import type { LayoutLine, LinePart } from './layout-lines.ts';

export interface FrontLine {
  text: string;
  parts: LinePart[];
  /** Position when the line comes from the layout (baseline y, horizontal extent). */
  box?: { y: number; x0: number; x1: number; size: number };
}

/** Symbols used as author/affiliation marks. */
export const MARK_CHARS = '∗*†‡§¶♦♣♠♥#$+✉⋆';
const MARKS = new RegExp(`[${MARK_CHARS.replace(/[$*+]/gu, '\\$&')}]+`, 'u');

/**
 * Marker runs inside plain text: mark symbols, or digits glued to the end of a name
 * ("Dell3", "卢海啸1,2", "Datta 1 ,").
 */
const TEXT_MARKER = new RegExp(
  `${MARKS.source}|(?<=[\\p{L}.])\\s?\\d{1,2}(?:\\s?,\\s?\\d{1,2})*[${MARK_CHARS.replace(/[$*+]/gu, '\\$&')}]*(?=\\s*[,，;、]|\\s+\\p{Lu}|\\s*$|\\s+and\\b)`,
  'gu',
);

export function fromLayout(line: LayoutLine): FrontLine {
  return { text: line.text, parts: line.parts, box: { y: line.y, x0: line.x0, x1: line.x1, size: line.fontSize } };
}

export function fromText(text: string): FrontLine {
  const parts: LinePart[] = [];
  let last = 0;
  for (const m of text.matchAll(TEXT_MARKER)) {
    const i = m.index ?? 0;
    if (i > last) parts.push({ text: text.slice(last, i).trim(), sup: false });
    parts.push({ text: m[0].replace(/\s+/gu, ''), sup: true });
    last = i + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last).trim(), sup: false });
  const clean = parts.filter((p) => p.text.length > 0);
  return { text: clean.filter((p) => !p.sup).map((p) => p.text).join(' '), parts: clean };
}

/**
 * Whether `next` continues the block of `prev`: the next row down, overlapping horizontally.
 * Side-by-side blocks (one column per author) share a row and must not be joined. Text lines have
 * no geometry and are assumed to follow each other.
 */
export function continuesBlock(prev: FrontLine, next: FrontLine): boolean {
  const a = prev.box;
  const b = next.box;
  if (!a || !b) return true;
  const below = a.y - b.y > 0.3 * a.size && a.y - b.y < 2.5 * a.size;
  return below && Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
}

/** Two positioned lines on one baseline (cells of one row). */
export function sameRow(a: FrontLine, b: FrontLine): boolean {
  return !!a.box && !!b.box && Math.abs(a.box.y - b.box.y) <= 0.3 * Math.max(a.box.size, b.box.size);
}

/**
 * Form fields set in cells ("姓 | 名： | 王宇晨", "Author: | Ada Lovelace"): a cell ending in a colon, or the
 * lone character of a letter-spaced CJK label, belongs with the next cell of its row, so the value keeps its label.
 */
export function joinLabelCells(lines: readonly FrontLine[]): FrontLine[] {
  const out: FrontLine[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    if (prev?.box && l.box && sameRow(prev, l) && /(?:[:：]|^[\u3400-\u9fff])$/u.test(prev.text.trim())) {
      out[out.length - 1] = { text: `${prev.text} ${l.text}`, parts: [...prev.parts, ...l.parts], box: { ...prev.box, x1: Math.max(prev.box.x1, l.box.x1) } };
    } else out.push(l);
  }
  return out;
}

/** Individual marks of a marker run: "†∗" → ["†", "∗"], "1,2" → ["1", "2"], "1*" → ["1", "*"]. */
export function splitMarks(run: string): string[] {
  return (run.match(/\d+|[a-z]|[^\s\d,;a-z]/gu) ?? []).filter((m) => m.length > 0);
}
