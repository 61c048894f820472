/**
 * Running heads and footers: lines near the top or bottom of a page that recur on many pages with
 * only the page number (or the chapter name) changing. Found by counting, never by a known list,
 * so journal names, author "et al." heads and thesis headers are all caught the same way.
 */
import { compactKey } from './text-utils.ts';

/** How many lines at each edge of a page may be furniture (pdf-parse keeps content-stream order). */
const EDGE = 3;
/** Prefix length used to catch heads whose tail changes (thesis heads end with the chapter title). */
const PREFIX = 12;

/** Key of a line with digits and spacing gone, so "Page 9 of 11" and "Page 10 of 11" agree. */
function lineKey(line: string): string {
  return compactKey(line).replace(/\d+/gu, '');
}

function edgeIndexes(count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < Math.min(EDGE, count); i++) {
    out.add(i);
    out.add(count - 1 - i);
  }
  return [...out];
}

/**
 * Returns, per page, the indexes of lines that are running heads/footers.
 * `pages` are already trimmed, non-empty lines.
 */
export function findRunningHeads(pages: readonly string[][]): Array<Set<number>> {
  const result = pages.map(() => new Set<number>());
  const n = pages.filter((p) => p.length > 0).length;
  if (n < 2) return result;

  const exact = new Map<string, Set<number>>();
  const prefix = new Map<string, Set<number>>();
  const note = (map: Map<string, Set<number>>, key: string, page: number) => {
    const set = map.get(key) ?? new Set<number>();
    set.add(page);
    map.set(key, set);
  };
  pages.forEach((lines, p) => {
    for (const i of edgeIndexes(lines.length)) {
      const key = lineKey(lines[i] ?? '');
      if (!/\p{L}.*\p{L}.*\p{L}/u.test(key)) continue; // rows of numbers are table data, not heads
      note(exact, key, p);
      if (key.length >= PREFIX) note(prefix, key.slice(0, PREFIX), p);
    }
  });

  // A two-page excerpt can only show a head twice; long documents must show it on a fair share of pages.
  const exactMin = Math.max(2, Math.ceil(0.3 * n));
  const prefixMin = Math.max(3, Math.ceil(0.5 * n));
  const strongMin = Math.max(3, Math.ceil(0.5 * n));

  pages.forEach((lines, p) => {
    const edges = new Set(edgeIndexes(lines.length));
    lines.forEach((line, i) => {
      const key = lineKey(line);
      if (!/\p{L}.*\p{L}.*\p{L}/u.test(key)) return;
      const exactPages = exact.get(key)?.size ?? 0;
      const onEdge = edges.has(i);
      // Very frequent heads are removed wherever pdf-parse put them (sometimes after a figure).
      if ((onEdge && exactPages >= exactMin) || (exactPages >= strongMin && line.length <= 160)) {
        result[p]?.add(i);
        return;
      }
      // Prefix matches stay off page 1, whose header often starts like the later heads but is the cover.
      if (onEdge && p > 0 && key.length >= PREFIX && (prefix.get(key.slice(0, PREFIX))?.size ?? 0) >= prefixMin) {
        result[p]?.add(i);
      }
    });
  });
  return result;
}
