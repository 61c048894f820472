// Tesseract's lines → text items shaped like pdf.js's, so the page text, reading order and layout of a
// recognized page come from the same code as a text layer's: the structure stage's title and author
// rules then work on OCR text too (font size from the line's height).
import type { PdfTextItem } from './pdfjs-types.ts';

/** The parts of tesseract.js's result that are read here (its Line and Word, pixel boxes, y down). */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: OcrBox;
}
export interface OcrLine {
  words: OcrWord[];
  bbox: OcrBox;
  rowAttributes?: { rowHeight?: number };
}

/**
 * Short words below this confidence at either end of a line are dropped: on scans they are specks, stamps and
 * the page edge read as letters ("RR", "§", ":", "fe"). Inside a line they stay, since a word there is text, and so
 * do longer ones (a name tesseract was unsure of, "Toméas Varga", is still a name).
 */
const EDGE_MIN_CONFIDENCE = 40;
const EDGE_NOISE_LETTERS = 3;
/**
 * A line whose words average below this is noise (a photo, a rule, a smudge, a stamp): on scans such lines are
 * often the largest "text" on the page, and the title rule would take them.
 */
const LINE_MIN_CONFIDENCE = 50;

const isCjk = (c: number) => (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3000 && c <= 0x303f);

/** Joins words with spaces, except between Chinese characters (tesseract separates every one of them). */
export function joinWords(words: readonly string[]): string {
  let out = '';
  for (const w of words) {
    if (w === '') continue;
    if (out !== '' && !(isCjk(out.charCodeAt(out.length - 1)) && isCjk(w.charCodeAt(0)))) out += ' ';
    out += w;
  }
  return out;
}

const isEdgeNoise = (w: OcrWord) => w.confidence < EDGE_MIN_CONFIDENCE && (w.text.match(/\p{L}/gu)?.length ?? 0) <= EDGE_NOISE_LETTERS;

function trimNoise(words: readonly OcrWord[]): OcrWord[] {
  let a = 0;
  let b = words.length;
  while (a < b && isEdgeNoise(words[a]!)) a++;
  while (b > a && isEdgeNoise(words[b - 1]!)) b--;
  return words.slice(a, b);
}

/**
 * Tesseract's row heights vary by up to ±25% between lines of one font on a scan (bold, skew, tall glyphs). Sizes within SNAP of the page's body size
 * (the size carrying most characters) become that size, so the title rule sees one body size and only type that is
 * really larger stands out, as on a text layer.
 */
const SNAP = 0.3;

function snapSizes(items: PdfTextItem[]): void {
  const sized = items.map((it) => ({ it, size: it.transform[0]!, weight: it.str.length })).sort((a, b) => a.size - b.size);
  const total = sized.reduce((n, s) => n + s.weight, 0);
  let seen = 0;
  const median = sized.find((s) => (seen += s.weight) >= total / 2)?.size;
  if (!median) return;
  for (const { it, size } of sized) {
    if (Math.abs(size - median) > SNAP * median) continue;
    it.transform[0] = it.transform[3] = it.height = median;
  }
}

/**
 * @param scale pixels per PDF point of the rendered image
 * @param pageHeight the page's height in points (PDF space has y up)
 */
export function linesToItems(lines: readonly OcrLine[], scale: number, pageHeight: number): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  for (const line of lines) {
    const words = trimNoise(line.words.filter((w) => w.text.trim() !== ''));
    const chars = words.reduce((n, w) => n + w.text.length, 0);
    const mean = words.reduce((n, w) => n + w.confidence * w.text.length, 0) / Math.max(1, chars);
    if (words.length === 0 || mean < LINE_MIN_CONFIDENCE) continue;
    const str = joinWords(words.map((w) => w.text.trim()));
    const x0 = Math.min(...words.map((w) => w.bbox.x0));
    const x1 = Math.max(...words.map((w) => w.bbox.x1));
    const bottom = Math.max(...words.map((w) => w.bbox.y1));
    const top = Math.min(...words.map((w) => w.bbox.y0));
    // rowHeight is the x-height plus ascenders: close to a font size; the box is a fallback.
    const size = (line.rowAttributes?.rowHeight || (bottom - top) * 0.8) / scale;
    items.push({
      str,
      dir: 'ltr',
      transform: [size, 0, 0, size, x0 / scale, pageHeight - bottom / scale],
      width: (x1 - x0) / scale,
      height: size,
      fontName: 'ocr',
      hasEOL: true,
    });
  }
  snapSizes(items);
  return items;
}
