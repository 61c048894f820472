/**
 * Groups positioned text items into rows that share a baseline. Superscripts sit on a raised
 * baseline in smaller type; they are attached to the row below them instead of forming rows of
 * their own, so "Cohan†" stays one line with its mark.
 */
import type { TextItem } from '../types.ts';

export interface Row {
  y: number;
  size: number;
  items: TextItem[];
}

export const usableItem = (it: TextItem) => it.str.trim().length > 0 && Number.isFinite(it.x) && Number.isFinite(it.y) && it.fontSize > 0;

/** Rows never join items further apart than this many times the largest font size. */
const REACH = 0.6;
/** A title page with more items than this is cut to its top part (plots with thousands of labels). */
const MAX_ITEMS = 6000;

function sameRow(r: Row, it: TextItem): boolean {
  // Same baseline joins whatever the size (mixed fonts); a slightly different one only at a similar size.
  const dy = Math.abs(r.y - it.y);
  return dy <= 0.12 * Math.max(r.size, it.fontSize) || (dy <= 0.25 * Math.min(r.size, it.fontSize) && Math.abs(r.size - it.fontSize) < 0.3 * r.size);
}

function isSuperscriptOf(small: Row, r: Row): boolean {
  return (
    small.size < 0.85 * r.size &&
    small.y > r.y &&
    small.y - r.y <= REACH * r.size &&
    small.items.every((s) => r.items.some((b) => s.x >= b.x - 3 * r.size && s.x <= b.x + b.width + 3 * r.size))
  );
}

/** Groups items into rows of equal baseline, then attaches raised small rows as superscripts. */
export function rows(items: TextItem[]): Row[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x).slice(0, MAX_ITEMS);
  const reach = REACH * Math.max(...sorted.map((it) => it.fontSize));
  const out: Row[] = [];
  for (const it of sorted) {
    // Rows are created top-down, so only the last few can be on this baseline.
    let row: Row | undefined;
    for (let k = out.length - 1; k >= 0; k--) {
      const r = out[k];
      if (!r || r.y - it.y > reach) break;
      if (sameRow(r, it)) {
        row = r;
        break;
      }
    }
    if (row) row.items.push(it);
    else out.push({ y: it.y, size: it.fontSize, items: [it] });
  }
  // Small raised rows (superscripts) join the row whose baseline is just below them and whose span covers them.
  const merged = new Set<Row>();
  out.forEach((small, k) => {
    for (let h = k + 1; h < out.length; h++) {
      const host = out[h];
      if (!host || small.y - host.y > reach) break;
      if (!merged.has(host) && isSuperscriptOf(small, host)) {
        host.items.push(...small.items);
        merged.add(small);
        break;
      }
    }
  });
  return out.filter((r) => !merged.has(r));
}
