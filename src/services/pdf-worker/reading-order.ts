// Reading order for two-column pages. pdf.js returns text items in content-stream order, and
// many publishers' PDFs (ACL, IEEE, ACM, CNKI) write the page-1 footer or footnotes first, or
// interleave a spanning figure caption with the columns. Here a page is cut into horizontal bands
// at the lines that span the gutter; a band that holds two real columns is read left column then
// right column, every other band is left as written. Bands go top to bottom. Pages without a
// gutter are returned unchanged, so single-column text stays exactly what pdf-parse would give.
import type { PdfMarkedContent, PdfTextItem, PdfViewport } from './pdfjs-types.ts';

/** Share of the page width where a gutter may sit. */
const GUTTER_MIN = 0.3;
const GUTTER_MAX = 0.7;
/** A spanning line must reach this far (share of page width) past the gutter on both sides. */
const SPAN_REACH = 0.08;
/** A column band needs this many lines on each side… */
const MIN_SIDE_LINES = 3;
/** …and lines that fill most of their column (table cells and author blocks do not). */
const MIN_FILL = 0.75;

/** What readingOrder reads of a text item. */
export type ReadingOrderItem = Pick<PdfTextItem, 'str' | 'width' | 'height' | 'transform'>;
/** What readingOrder reads of the scale-1 viewport. */
export type ReadingOrderViewport = Pick<PdfViewport, 'width' | 'convertToViewportPoint'>;

/** Consecutive items on one baseline (a line, or the part of it one column holds), in viewport space. */
interface Run<T> {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  items: T[];
  /** Index among the page's runs: content-stream order. */
  order: number;
  rotated: boolean;
}

const isRotated = (item: ReadingOrderItem) => Math.abs(item.transform[1]!) > 1e-3 || Math.abs(item.transform[2]!) > 1e-3;

/**
 * Consecutive items on one baseline form a run (a line, or the part of it one column holds).
 * Empty items and end-of-line markers stay with the run they follow.
 */
function toRuns<T extends ReadingOrderItem | PdfMarkedContent>(items: T[], viewport: Pick<PdfViewport, 'convertToViewportPoint'>): Run<T>[] {
  const runs: Run<T>[] = [];
  let cur: Run<T> | undefined;
  let curSize = 0;
  for (const item of items) {
    if (!('str' in item)) continue;
    if (cur && item.str.trim() === '') {
      cur.items.push(item);
      continue;
    }
    const [x = 0, y = 0] = viewport.convertToViewportPoint(item.transform[4]!, item.transform[5]!);
    const size = Math.max(1, Math.hypot(item.transform[2]!, item.transform[3]!) || item.height || 1);
    const rotated = isRotated(item);
    const x1 = x + (rotated ? 0 : item.width);
    // Superscripts and subscripts sit off the baseline by less than the larger font's size; a
    // jump wider than a gutter starts a new run (some producers write both columns line by line).
    const em = Math.max(size, curSize);
    const sameLine = cur && !rotated && !cur.rotated && Math.abs(cur.bottom - y) < em * 0.6 && x > cur.x0 - 1 && x - cur.x1 < em * 1.5;
    if (cur && sameLine) {
      cur.items.push(item);
      cur.x1 = Math.max(cur.x1, x1);
      cur.top = Math.min(cur.top, y - size);
      curSize = Math.max(curSize, size);
      continue;
    }
    cur = { x0: x, x1, top: y - size, bottom: y, items: [item], order: runs.length, rotated };
    curSize = size;
    runs.push(cur);
  }
  return runs;
}

/** The x of the widest vertical strip in the middle of the page that no run crosses, or null. */
function findGutter(runs: Run<unknown>[], width: number): number | null {
  const lo = Math.floor(width * GUTTER_MIN);
  const hi = Math.ceil(width * GUTTER_MAX);
  const crossing = new Int32Array(hi - lo + 1);
  for (const r of runs) {
    const a = Math.max(lo, Math.ceil(r.x0));
    const b = Math.min(hi, Math.floor(r.x1));
    for (let x = a; x <= b; x++) crossing[x - lo]!++;
  }
  // Runs that span the gutter (title, spanning captions) cross every x; take the widest strip
  // with (nearly) the fewest crossings, so one overlong line in a column does not hide it.
  let min = Infinity;
  for (const c of crossing) min = Math.min(min, c);
  const allowed = min + Math.max(1, Math.floor(runs.length * 0.05));
  let best = { start: -1, len: 0 };
  let start = -1;
  for (let i = 0; i <= crossing.length; i++) {
    const on = i < crossing.length && (crossing[i] ?? Infinity) <= allowed;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      if (i - start > best.len) best = { start, len: i - start };
      start = -1;
    }
  }
  if (best.len < 4) return null; // a real gutter is wider than a word space
  return lo + best.start + best.len / 2;
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? (v[Math.floor(v.length / 2)] ?? 0) : 0;
};

/**
 * Whether the side runs of a band are two columns of running text: enough lines on each side,
 * lines that fill their column, two columns of about the same width that together take the
 * page's text width (a two-part table inside one column of text does not).
 */
function isColumnBand(left: Run<unknown>[], right: Run<unknown>[], gutter: number, text: { x0: number; x1: number }): boolean {
  if (left.length < MIN_SIDE_LINES || right.length < MIN_SIDE_LINES) return false;
  const leftEdge = Math.min(...left.map((r) => r.x0));
  const rightEdge = Math.max(...right.map((r) => r.x1));
  const leftWidth = Math.max(1, gutter - leftEdge);
  const rightWidth = Math.max(1, rightEdge - gutter);
  if (Math.min(leftWidth, rightWidth) / Math.max(leftWidth, rightWidth) < 0.75) return false;
  if (rightEdge - leftEdge < 0.85 * (text.x1 - text.x0)) return false;
  const leftFill = median(left.map((r) => r.x1 - r.x0)) / leftWidth;
  const rightFill = median(right.map((r) => r.x1 - r.x0)) / rightWidth;
  return leftFill >= MIN_FILL && rightFill >= MIN_FILL;
}

const overlapY = (a: Run<unknown>, b: Run<unknown>) =>
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5 * Math.min(a.bottom - a.top, b.bottom - b.top);

/** A horizontal band of the page: the runs that cut it, or its runs left and right of the gutter. */
interface Band<T> {
  top: number;
  bottom: number;
  cut: Run<T>[];
  left: Run<T>[];
  right: Run<T>[];
}

/**
 * Header and footer rows of a column band (a running head with the page number on the other
 * side, a footer line split in three) sit apart from the column text; they become bands of their
 * own so they do not land inside a column. A row qualifies when all other text of the band is
 * further away than the usual line pitch (a heading has its paragraph right below it).
 */
function splitHeaderFooterRows<T>(band: Band<T>, gutter: number): Band<T>[] {
  const side = (r: Run<T>) => ((r.x0 + r.x1) / 2 < gutter ? 'left' : 'right');
  const runs = [...band.left, ...band.right].sort((a, b) => a.top - b.top);
  const pitches: number[] = [];
  for (const list of [band.left, band.right]) {
    const sorted = [...list].sort((a, b) => a.top - b.top);
    for (let i = 1; i < sorted.length; i++) {
      const d = sorted[i]!.bottom - sorted[i - 1]!.bottom;
      if (d > 0) pitches.push(d);
    }
  }
  const pitch = median(pitches);
  if (!pitch) return [band];
  const apart = (row: Run<T>[], rest: Run<T>[]) => {
    if (rest.length === 0) return false;
    const rowTop = Math.min(...row.map((r) => r.top));
    const rowBottom = Math.max(...row.map((r) => r.bottom));
    return rest.every((r) => r.bottom - rowBottom > 1.8 * pitch || rowTop - r.top > 1.8 * pitch);
  };
  const head: Band<T>[] = [];
  const tail: Band<T>[] = [];
  for (let guard = 0; guard < 3 && runs.length; guard++) {
    const first = runs[0]!;
    const row = runs.filter((r) => overlapY(r, first));
    const rest = runs.filter((r) => !row.includes(r));
    if (!apart(row, rest)) break;
    head.push({ top: first.top, bottom: first.bottom, cut: row, left: [], right: [] });
    runs.splice(0, runs.length, ...rest);
  }
  for (let guard = 0; guard < 3 && runs.length; guard++) {
    const last = runs.reduce((a, b) => (b.bottom > a.bottom ? b : a));
    const row = runs.filter((r) => overlapY(r, last));
    const rest = runs.filter((r) => !row.includes(r));
    if (!apart(row, rest)) break;
    tail.unshift({ top: last.top, bottom: last.bottom, cut: row, left: [], right: [] });
    runs.splice(0, runs.length, ...rest);
  }
  if (!head.length && !tail.length) return [band];
  const middle = { ...band, left: runs.filter((r) => side(r) === 'left'), right: runs.filter((r) => side(r) === 'right') };
  return [...head, middle, ...tail];
}

/**
 * The page's text items in reading order (the same objects; nothing added or dropped).
 * @param items getTextContent().items
 * @param viewport scale-1 viewport
 */
export function readingOrder<T extends ReadingOrderItem | PdfMarkedContent>(items: T[], viewport: ReadingOrderViewport): T[] {
  const runs = toRuns(items, viewport);
  const flat = runs.filter((r) => !r.rotated);
  if (flat.length < MIN_SIDE_LINES * 2) return items;
  const width = viewport.width;
  // Page numbers and short labels sit in the middle of the page; they must not hide the gutter.
  const gutter = findGutter(flat.filter((r) => r.x1 - r.x0 >= width * 0.1), width);
  if (gutter === null) return items;
  const reach = width * SPAN_REACH;
  const crosses = (r: Run<T>) => r.x0 < gutter && r.x1 > gutter;
  const sideRunsAll = flat.filter((r) => !crosses(r));
  const sideOf = (r: Run<T>) => ((r.x0 + r.x1) / 2 < gutter ? 'left' : 'right');
  // A line that crosses the gutter cuts the page into bands (title, spanning caption, footer,
  // centred page number), unless it only pokes into the gutter beside the other column's text
  // (an overlong URL in a column).
  const isCut = (r: Run<T>) => {
    if (!crosses(r)) return false;
    const shallow = Math.min(gutter - r.x0, r.x1 - gutter) < reach;
    if (!shallow) return true;
    const into = gutter - r.x0 < r.x1 - gutter ? 'left' : 'right';
    return !sideRunsAll.some((o) => sideOf(o) === into && overlapY(o, r));
  };
  const cuts = flat.filter(isCut);
  // Side text on the same row as a cut (the label of a spanning table row, the left part of a
  // footer) belongs to that row.
  const rowmates = new Set(sideRunsAll.filter((r) => cuts.some((c) => overlapY(c, r))));
  const cutRuns = [...cuts, ...rowmates].sort((a, b) => a.top - b.top);
  const sideRuns = flat.filter((r) => !cuts.includes(r) && !rowmates.has(r)).sort((a, b) => a.top - b.top);

  const cutBands: Band<T>[] = [];
  for (const r of cutRuns) {
    const last = cutBands[cutBands.length - 1];
    if (last && r.top <= last.bottom + 1e-6) {
      last.cut.push(r);
      last.bottom = Math.max(last.bottom, r.bottom);
    } else cutBands.push({ top: r.top, bottom: r.bottom, cut: [r], left: [], right: [] });
  }
  const bands: Band<T>[] = [];
  let s = 0;
  const takeSideRunsAbove = (limit: number) => {
    let open: Band<T> | undefined;
    while (s < sideRuns.length && (sideRuns[s]!.top + sideRuns[s]!.bottom) / 2 < limit) {
      const r = sideRuns[s++]!;
      if (!open) bands.push((open = { top: r.top, bottom: r.bottom, cut: [], left: [], right: [] }));
      open[sideOf(r)].push(r);
    }
  };
  for (const band of cutBands) {
    takeSideRunsAbove(band.top);
    bands.push(band);
  }
  takeSideRunsAbove(Infinity);
  const text = { x0: Math.min(...flat.map((r) => r.x0)), x1: Math.max(...flat.map((r) => r.x1)) };
  const columns = (b: Band<T>) => isColumnBand(b.left, b.right, gutter, text);
  if (!bands.some(columns)) return items;

  const byOrder = (a: Run<T>, b: Run<T>) => a.order - b.order;
  const ordered: Run<T>[] = [];
  for (const b of bands.flatMap((b) => (columns(b) ? splitHeaderFooterRows(b, gutter) : [b]))) {
    if (b.cut.length) ordered.push(...b.cut.sort(byOrder));
    else if (columns(b)) ordered.push(...b.left.sort(byOrder), ...b.right.sort(byOrder));
    else ordered.push(...[...b.left, ...b.right].sort(byOrder));
  }
  // Rotated text (an arXiv margin stamp) is not part of the reading flow: it goes last.
  ordered.push(...runs.filter((r) => r.rotated));
  const out = ordered.flatMap((r) => r.items);
  // pdf.js marked-content entries (no text) are not in any run; they carry nothing we read.
  return out.length === items.length ? out : out.concat(items.filter((it) => !('str' in it)));
}
