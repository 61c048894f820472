// Page text built from pdf.js text items as pdf-parse 2.4.5's getText builds it with its default
// options (line enforcement at 4.6, tab between cells 7 apart), so we can read each page once and
// still return the text pdf-parse would. Unlike pdf-parse it leaves the items unchanged, because
// the same items also feed the layout, and it puts back word spaces that a page only encodes as
// gaps between items (see WORD_GAP).
import type { PdfMarkedContent, PdfTextItem, PdfViewport } from './pdfjs-types.ts';

const LINE_THRESHOLD = 4.6;
const CELL_THRESHOLD = 7;
const CELL_SEPARATOR = '\t';
/**
 * A gap wider than this share of the font size between two items on one line is a word space
 * (pdftotext's rule is about a tenth of the font size; kerning and italic corrections stay far
 * below it). pdf.js adds such spaces itself inside one text object, but not across form XObjects
 * and some producers' per-word drawing, so without this the words of a line run together.
 */
const WORD_GAP = 0.15;

/** What pageText reads of a text item. */
export type PageTextItem = Pick<PdfTextItem, 'str' | 'transform' | 'width' | 'height' | 'hasEOL'>;

/** Math.hypot is several times slower, and this runs for every item of a page. */
const fontSize = (item: PageTextItem) => Math.sqrt(item.transform[2]! ** 2 + item.transform[3]! ** 2) || item.height;
const isFlat = (item: PageTextItem) => Math.abs(item.transform[1]!) < 1e-3 && Math.abs(item.transform[2]!) < 1e-3;

/** Chinese, Japanese and Korean put no spaces between words; justified lines spread their characters apart. */
const isCjk = (c: number) => (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000;

/** Whether a word space belongs between the text so far and the next item's text (code units: one per page item, kept cheap). */
function needsSpace(before: string, next: string): boolean {
  if (before === '' || next === '') return false;
  const a = before.charCodeAt(before.length - 1);
  const b = next.charCodeAt(0);
  return !isSpace(a) && !isSpace(b) && !(isCjk(a) && isCjk(b));
}

/**
 * @param items getTextContent().items
 * @param viewport scale-1 viewport
 */
export function pageText(items: readonly (PageTextItem | PdfMarkedContent)[], viewport: Pick<PdfViewport, 'convertToViewportPoint'>): string {
  const out: string[] = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  let lineHeight = 0;
  let lastFlat = false;
  for (const item of items) {
    if (!('str' in item)) continue;
    const [x = 0, y = 0] = viewport.convertToViewportPoint(item.transform[4]!, item.transform[5]!);
    let str = item.str;
    if (lastY !== undefined && Math.abs(lastY - y) > LINE_THRESHOLD) {
      const last = out.length ? out[out.length - 1] : undefined;
      const startsLine = str.startsWith('\n') || (str.trim() === '' && item.hasEOL);
      // pdf-parse breaks only past a line height; a line that starts left of where the last one
      // ended is a new line too (text drawn without end-of-line marks, e.g. word by word).
      const wrapped = lastX !== undefined && x < lastX - 3 * fontSize(item);
      if (last?.endsWith('\n') === false && !startsLine && (Math.abs(lastY - y) - 1 > lineHeight || wrapped)) {
        out.push('\n');
        lineHeight = 0;
      }
    }
    const sameLine = lastY !== undefined && Math.abs(lastY - y) < LINE_THRESHOLD && lastX !== undefined;
    if (sameLine && Math.abs(lastX! - x) > CELL_THRESHOLD) {
      str = `${CELL_SEPARATOR}${str}`;
    } else if (sameLine && lastFlat && x - lastX! > WORD_GAP * fontSize(item) && isFlat(item) && needsSpace(out[out.length - 1] ?? '', str)) {
      out.push(' ');
    }
    out.push(str);
    lastX = x + item.width;
    lastY = y;
    lastFlat = isFlat(item);
    lineHeight = Math.max(lineHeight, item.height);
    if (item.hasEOL) out.push('\n');
    if (item.hasEOL || str.endsWith('\n')) lineHeight = 0;
  }
  return out.join('');
}
