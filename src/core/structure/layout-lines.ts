/**
 * Rebuilds visual lines from positioned text items (title-page analysis). Superscripts — author and
 * affiliation markers — are recognised by their smaller size and raised baseline and kept apart,
 * because they are exactly what links an author to an institution.
 */
import type { PageLayout, TextItem } from '../types.ts';
import { repairCharacters } from './clean-text.ts';
import { rows, usableItem, type Row } from './layout-rows.ts';
import { isCjk, joinText } from './text-utils.ts';

export interface LinePart {
  text: string;
  /** True for a superscript marker (†, *, 1, a …). */
  sup: boolean;
}

export interface LayoutLine {
  page: number;
  /** Baseline (PDF user space, grows upwards). */
  y: number;
  x0: number;
  x1: number;
  /** Font size of the line's main text (the size carrying most characters). */
  fontSize: number;
  parts: LinePart[];
  /** Text without superscripts. */
  text: string;
}

/** Splits a row at wide gaps (columns, separately centred blocks) and renders each piece. */
function segments(row: Row, page: number): LayoutLine[] {
  const items = [...row.items].sort((a, b) => a.x - b.x);
  const lines: LayoutLine[] = [];
  let cur: TextItem[] = [];
  const flush = () => {
    if (cur.length) lines.push(render(cur, page));
    cur = [];
  };
  let right = -Infinity;
  let size = 0;
  for (const it of items) {
    if (cur.length && it.x - right > Math.max(1.5 * Math.max(size, it.fontSize), 12)) {
      flush();
      size = 0;
    }
    cur.push(it);
    right = Math.max(right, it.x + it.width);
    size = Math.max(size, it.fontSize);
  }
  flush();
  return lines;
}

/** Renders one segment: the largest type sets the baseline; smaller raised runs are superscripts. */
function render(items: TextItem[], page: number): LayoutLine {
  // The size carrying most characters: a drop cap or a big symbol must not set the line's size.
  const weight = new Map<number, number>();
  for (const it of items) weight.set(it.fontSize, (weight.get(it.fontSize) ?? 0) + it.str.trim().length);
  const mainSize = [...weight.entries()].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] > a[0]) ? b : a))[0];
  const base = items.filter((it) => it.fontSize >= 0.85 * mainSize).map((it) => it.y).sort((a, b) => a - b);
  const y = base[Math.floor(base.length / 2)] ?? items[0]?.y ?? 0;
  const parts: LinePart[] = [];
  let prevRight = -Infinity;
  let prevChar = '';
  for (const it of items) {
    const sup = it.fontSize < 0.85 * mainSize && it.y - y > 0.15 * mainSize;
    const str = it.str.replace(/\s+/gu, ' ');
    const gap = it.x - prevRight;
    const needsSpace = gap > 0.2 * mainSize && !/\s$/u.test(prevChar) && !/^\s/u.test(str) && !(isCjk(prevChar) && isCjk(str[0]));
    const last = parts[parts.length - 1];
    if (last && last.sup === sup) last.text += (needsSpace ? ' ' : '') + str;
    else parts.push({ text: (needsSpace && !sup ? ' ' : '') + str, sup });
    prevRight = it.x + it.width;
    prevChar = str[str.length - 1] ?? prevChar;
  }
  const plain = parts.filter((p) => !p.sup).map((p) => p.text.trim());
  const text = repairCharacters(plain.reduce((a, b) => (!a || /^[,.;:)）]/u.test(b) ? a + b : joinText(a, b)), ''));
  const x0 = Math.min(...items.map((it) => it.x));
  const x1 = Math.max(...items.map((it) => it.x + it.width));
  const tidy = parts.map((p) => ({ text: repairCharacters(p.text), sup: p.sup })).filter((p) => p.text);
  return { page, y, x0, x1, fontSize: mainSize, parts: tidy, text };
}

/** Visual lines of a page, top to bottom, left to right within a row. */
export function layoutLines(layout: PageLayout): LayoutLine[] {
  const items = (layout.items ?? []).filter(usableItem);
  if (items.length === 0) return [];
  return rows(items)
    .sort((a, b) => b.y - a.y)
    .flatMap((r) => segments(r, layout.num));
}
