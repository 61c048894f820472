// @ts-check
// Review copies (ACL/NeurIPS/ICLR submissions, theses with line numbering) print a line number in
// the margin beside every line. They are not part of the paper, they break sentences apart, and
// in two-column review copies they sit where a column begins. A margin line number is a bare
// integer outside the text block, in a stack of at least MIN_STACK that count up by one.

const MIN_STACK = 10;
const BIN = 8; // points: numbers in one margin stack share their x within this

/** @param {any} item */
const isFlat = (item) => Math.abs(item.transform[1]) < 1e-3 && Math.abs(item.transform[2]) < 1e-3;

/**
 * The items without margin line numbers (the same objects, in the same order).
 * @template {{ str: string, width: number, transform: number[] }} T
 * @param {T[]} items
 * @returns {T[]}
 */
export function dropLineNumbers(items) {
  /** @type {Map<number, { item: T, n: number, y: number }[]>} */
  const stacks = new Map();
  let textX0 = Infinity;
  let textX1 = -Infinity;
  for (const item of items) {
    if (typeof item.str !== 'string' || !item.str.trim() || !isFlat(item)) continue;
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
  /** @type {Set<T>} */
  const drop = new Set();
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
