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
 * Short words below this confidence at either end of a line (or of a piece cut off it) are dropped: on scans they are specks, stamps and
 * the page edge read as letters ("RR", "§", ":", "fe"). Inside a line they stay, since a word there is text, and so
 * do longer ones (a name tesseract was unsure of, "Toméas Varga", is still a name).
 */
const EDGE_MIN_CONFIDENCE = 40;
const EDGE_NOISE_LETTERS = 3;
/**
 * A line (or piece of one) whose words average below this is noise (a photo, a rule, a smudge, a stamp): on scans
 * such lines are often the largest "text" on the page, and the title rule would take them.
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
 * A gap between words wider than this many times the line's size (and at least MIN_SPLIT_GAP points) splits the
 * line into items: tesseract reads side-by-side blocks on one baseline (two author columns, the two text columns of
 * a page) as one line, while a text layer gives them as separate runs the layout and reading-order rules keep apart.
 * The same gap as the layout rule's (layout-lines.ts splits a row at 1.5 sizes), so the layout sees the same segments.
 */
const SPLIT_GAP = 1.5;
const MIN_SPLIT_GAP = 12;
/**
 * A piece whose mean confidence is low is still text when most of its words are read surely: a name in small
 * capitals whose first word tesseract garbles ("PrI1LIPPE FLAJOLET") must not take the surname with it.
 */
const SURE_WORD = 85;

/** The word pieces of a line, cut at wide gaps (in pixels). */
function pieces(words: readonly OcrWord[], minGap: number): OcrWord[][] {
  const out: OcrWord[][] = [];
  for (const w of words) {
    const cur = out[out.length - 1];
    const prev = cur?.[cur.length - 1];
    if (cur && prev && w.bbox.x0 - prev.bbox.x1 <= minGap) cur.push(w);
    else out.push([w]);
  }
  return out;
}

/**
 * Tesseract reads a small-capital I or l inside a word as a digit one, and an O as a zero ("PrI1LIPPE", "bio1ogy"):
 * a 1 or 0 with two letters on each side is that letter, in the case of its neighbours. Words with other digits
 * (codes, formulas: "SiH4", "T1000") keep them.
 */
function fixDigitLetters(word: string): string {
  if (!/(?<=\p{L}\p{L})[01](?=\p{L}\p{L})/u.test(word) || /[2-9]/u.test(word)) return word;
  return word.replace(/(?<=\p{L}(\p{L}))[01](?=(\p{L})\p{L})/gu, (d, before: string, after: string) => {
    const upper = before === before.toUpperCase() && after === after.toUpperCase();
    if (d === '1') return upper ? 'I' : 'l';
    return upper ? 'O' : 'o';
  });
}

const meanConfidence = (words: readonly OcrWord[]) => {
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  return words.reduce((n, w) => n + w.confidence * w.text.length, 0) / Math.max(1, chars);
};
/** Noise (a photo, a rule, a smudge, a stamp) is read unsurely throughout; text has mostly sure words. */
const isText = (words: readonly OcrWord[]) =>
  meanConfidence(words) >= LINE_MIN_CONFIDENCE || (words.length >= 2 && words.filter((w) => w.confidence >= SURE_WORD).length * 2 >= words.length);

/**
 * @param scale pixels per PDF point of the rendered image
 * @param pageHeight the page's height in points (PDF space has y up)
 */
export function linesToItems(lines: readonly OcrLine[], scale: number, pageHeight: number): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  for (const line of lines) {
    const all = line.words.filter((w) => w.text.trim() !== '');
    if (all.length === 0) continue;
    const height = Math.max(...all.map((w) => w.bbox.y1)) - Math.min(...all.map((w) => w.bbox.y0));
    // rowHeight is the x-height plus ascenders: close to a font size; the box is a fallback.
    const size = (line.rowAttributes?.rowHeight || height * 0.8) / scale;
    // Each piece is trimmed and judged like a line; a piece without a letter or digit is specks (dots in a gutter,
    // which would also hide the gutter from the reading-order rule).
    const kept = pieces(all, Math.max(SPLIT_GAP * size, MIN_SPLIT_GAP) * scale)
      .map(trimNoise)
      .filter((words) => words.length > 0 && isText(words) && words.some((w) => /[\p{L}\p{N}]/u.test(w.text)));
    if (kept.length === 0) continue;
    // The baseline of what is kept: a dropped speck reaching below the line must not move it.
    const bottom = Math.max(...kept.flat().map((w) => w.bbox.y1));
    kept.forEach((words, i) => {
      const x0 = Math.min(...words.map((w) => w.bbox.x0));
      const x1 = Math.max(...words.map((w) => w.bbox.x1));
      items.push({
        str: joinWords(words.map((w) => fixDigitLetters(w.text.trim()))),
        dir: 'ltr',
        // One baseline for the pieces of a line, so the page text keeps them on one line.
        transform: [size, 0, 0, size, x0 / scale, pageHeight - bottom / scale],
        width: (x1 - x0) / scale,
        height: size,
        fontName: 'ocr',
        hasEOL: i === kept.length - 1,
      });
    });
  }
  snapSizes(items);
  return items;
}
