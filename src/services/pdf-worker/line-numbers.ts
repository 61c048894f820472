// Review copies (ACL/NeurIPS/ICLR submissions, theses with line numbering) print a line number in
// the margin beside every line. They are not part of the paper, they break sentences apart, and
// in two-column review copies they sit where a column begins. A margin line number is a bare
// integer outside the text block, in a stack of at least MIN_STACK that count up by one.
import type { PdfMarkedContent, PdfTextItem } from './pdfjs-types.ts';

const MIN_STACK = 10;
const BIN = 8; // points: numbers in one margin stack share their x within this

/** What dropLineNumbers reads of a text item. */
export type LineNumberItem = Pick<PdfTextItem, 'str' | 'width' | 'transform'>;

const isFlat = (item: LineNumberItem) => Math.abs(item.transform[1]!) < 1e-3 && Math.abs(item.transform[2]!) < 1e-3;
/** A text item, not a marked-content entry (those have no str). */
const hasText = <T>(item: T): item is T & LineNumberItem => typeof (item as { str?: unknown }).str === 'string';

/** The items without margin line numbers (the same objects, in the same order). */
export function dropLineNumbers<T extends LineNumberItem | PdfMarkedContent>(items: T[]): T[] {
  const stacks = new Map<number, { item: T & LineNumberItem; n: number; y: number }[]>();
  let textX0 = Infinity;
  let textX1 = -Infinity;
  for (const item of items) {
    if (!hasText(item) || !item.str.trim() || !isFlat(item)) continue;
    const x = item.transform[4] ?? 0;
    const t = item.str.trim();
    if (/^\d{1,4}$/.test(t)) {
      const key = Math.round(x / BIN);
      const list = stacks.get(key) ?? [];
      list.push({ item, n: Number(t), y: item.transform[5] ?? 0 });
      stacks.set(key, list);
    } else {
      textX0 = Math.min(textX0, x);
      textX1 = Math.max(textX1, x + item.width);
    }
  }
  const drop = new Set<T>();
  for (const list of stacks.values()) {
    if (list.length < MIN_STACK) continue;
    const x0 = Math.min(...list.map((e) => e.item.transform[4] ?? 0));
    const x1 = Math.max(...list.map((e) => (e.item.transform[4] ?? 0) + e.item.width));
    // In the margin: wholly left or wholly right of every other text on the page.
    if (!(x1 <= textX0 + 1 || x0 >= textX1 - 1)) continue;
    const down = [...list].sort((a, b) => b.y - a.y); // pdf y grows upwards: top of the page first
    let steps = 0;
    for (let i = 1; i < down.length; i++) if ((down[i]?.n ?? 0) - (down[i - 1]?.n ?? 0) === 1) steps++;
    if (steps < 0.8 * (down.length - 1)) continue;
    for (const e of list) drop.add(e.item);
  }
  return drop.size ? items.filter((it) => !drop.has(it)) : items;
}
