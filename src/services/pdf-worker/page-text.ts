// Page text built from pdf.js text items exactly as pdf-parse 2.4.5's getText builds it with its
// default options (line enforcement at 4.6, tab between cells 7 apart), so we can read each page
// once and still return the text pdf-parse would. Unlike pdf-parse it leaves the items unchanged,
// because the same items also feed the layout.
import type { PdfMarkedContent, PdfTextItem, PdfViewport } from './pdfjs-types.ts';

const LINE_THRESHOLD = 4.6;
const CELL_THRESHOLD = 7;
const CELL_SEPARATOR = '\t';

/** What pageText reads of a text item. */
export type PageTextItem = Pick<PdfTextItem, 'str' | 'transform' | 'width' | 'height' | 'hasEOL'>;

/**
 * @param items getTextContent().items
 * @param viewport scale-1 viewport
 */
export function pageText(items: readonly (PageTextItem | PdfMarkedContent)[], viewport: Pick<PdfViewport, 'convertToViewportPoint'>): string {
  const out: string[] = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  let lineHeight = 0;
  for (const item of items) {
    if (!('str' in item)) continue;
    const [x = 0, y = 0] = viewport.convertToViewportPoint(item.transform[4]!, item.transform[5]!);
    let str = item.str;
    if (lastY !== undefined && Math.abs(lastY - y) > LINE_THRESHOLD) {
      const last = out.length ? out[out.length - 1] : undefined;
      const startsLine = str.startsWith('\n') || (str.trim() === '' && item.hasEOL);
      if (last?.endsWith('\n') === false && !startsLine && Math.abs(lastY - y) - 1 > lineHeight) {
        out.push('\n');
        lineHeight = 0;
      }
    }
    if (lastY !== undefined && Math.abs(lastY - y) < LINE_THRESHOLD && lastX !== undefined && Math.abs(lastX - x) > CELL_THRESHOLD) {
      str = `${CELL_SEPARATOR}${str}`;
    }
    out.push(str);
    lastX = x + item.width;
    lastY = y;
    lineHeight = Math.max(lineHeight, item.height);
    if (item.hasEOL) out.push('\n');
    if (item.hasEOL || str.endsWith('\n')) lineHeight = 0;
  }
  return out.join('');
}
