import { afterAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { createPdfExtractor, pdfjsAssetPaths } from '../../src/services/pdf-extractor.ts';
import { readingOrder } from '../../src/services/pdf-worker/reading-order.ts';
import { dropLineNumbers } from '../../src/services/pdf-worker/line-numbers.ts';
import { makeTwoColumnPdf, twoColumnReadingOrder } from '../fixtures/make-two-column-pdf.ts';

const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1 });
afterAll(() => extractor.close?.());

const markers = (text: string) => text.match(/\b(?:TITLE|AUTHORS|FIGCAP|FOOTER|[LR]\d\d)\b/g) ?? [];
const letters = (text: string) => [...text.replace(/\s+/g, '')].sort().join('');

async function getTextPages(bytes: Uint8Array): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...pdfjsAssetPaths(), cMapPacked: true, isEvalSupported: false, verbosity: 0 });
  try {
    return (await parser.getText()).pages.map((p) => p.text);
  } finally {
    await parser.destroy();
  }
}

describe('reading order on a two-column page drawn in a hostile order', () => {
  it('reads title, upper columns, the spanning caption, lower columns, then the footer', async () => {
    const bytes = await makeTwoColumnPdf();
    const pdf = await extractor.extract(bytes, { maxPages: 10 });
    const naive = await getTextPages(bytes);
    // The content stream starts with the footer: pdf-parse's order is wrong, ours is right.
    expect(markers(naive[0]!)[0]).toBe('FOOTER');
    expect(markers(pdf.pages[0]!.text)).toEqual(twoColumnReadingOrder());
    // Nothing added or lost: the same characters as pdf-parse, only in another order.
    expect(letters(pdf.pages[0]!.text)).toBe(letters(naive[0]!));
  });

  it('drops review-copy line numbers from both margins and still reads the columns in order', async () => {
    const bytes = await makeTwoColumnPdf({ lineNumbers: true });
    const pdf = await extractor.extract(bytes, { maxPages: 10 });
    const naive = await getTextPages(bytes);
    expect(naive[0]).toMatch(/\b000\b[\s\S]*\b001\b/);
    expect(pdf.pages[0]!.text).not.toMatch(/\b0\d\d\b/);
    expect(markers(pdf.pages[0]!.text)).toEqual(twoColumnReadingOrder());
  });

  it('leaves a single-column page with a two-part table exactly as pdf-parse reads it', async () => {
    const bytes = await makeTwoColumnPdf();
    const pdf = await extractor.extract(bytes, { maxPages: 10 });
    const naive = await getTextPages(bytes);
    expect(pdf.pages[1]!.text).toBe(naive[1]);
    expect(markers(pdf.pages[1]!.text.replace(/Label\d/g, '')).length).toBe(0);
    expect(pdf.pages[1]!.text).toMatch(/Label1\s+Desc1/);
  });
});

// Synthetic pdf.js items on a 600 x 800 page (viewport y grows downwards, pdf y upwards).
const viewport = { width: 600, height: 800, convertToViewportPoint: (x: number, y: number) => [x, 800 - y] };
const item = (str: string, x: number, top: number, width: number, size = 10, rotated = false) => ({
  str,
  dir: 'ltr',
  width,
  height: size,
  transform: rotated ? [0, size, -size, 0, x, 800 - top] : [size, 0, 0, size, x, 800 - top],
  fontName: 'f',
  hasEOL: false,
});
const columns = (rows: number, extra: (row: number) => ReturnType<typeof item>[] = () => []) => {
  const out: ReturnType<typeof item>[] = [];
  for (let i = 0; i < rows; i++) out.push(item(`R${i}`, 310, 100 + i * 12, 240), ...extra(i));
  for (let i = 0; i < rows; i++) out.push(item(`L${i}`, 50, 100 + i * 12, 240));
  return out;
};
const order = (items: { str: string }[]) => items.map((i) => i.str);

describe('readingOrder (pure)', () => {
  it('puts the left column before the right one', () => {
    const items = columns(8);
    const out = order(readingOrder(items, viewport));
    expect(out.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => `L${i}`));
    expect(out.slice(8)).toEqual(Array.from({ length: 8 }, (_, i) => `R${i}`));
  });

  it('keeps an overlong line that pokes into the gutter in its column', () => {
    const items = [
      ...Array.from({ length: 9 }, (_, i) => item(`R${i}`, 310, 100 + i * 12, 240)),
      ...Array.from({ length: 8 }, (_, i) => item(`L${i}`, 50, 100 + i * 12, 240)),
      item('LONG', 50, 100 + 8 * 12, 256), // ends 6 pt past the middle of the gutter
    ];
    const out = order(readingOrder(items, viewport));
    expect(out.slice(0, 9)).toEqual([...Array.from({ length: 8 }, (_, i) => `L${i}`), 'LONG']);
    expect(out.slice(9)).toEqual(Array.from({ length: 9 }, (_, i) => `R${i}`));
  });

  it('separates columns written line by line across the page', () => {
    const items = Array.from({ length: 8 }, (_, i) => [item(`L${i}`, 50, 100 + i * 12, 240), item(`R${i}`, 310, 100 + i * 12, 240)]).flat();
    const out = order(readingOrder(items, viewport));
    expect(out).toEqual([...Array.from({ length: 8 }, (_, i) => `L${i}`), ...Array.from({ length: 8 }, (_, i) => `R${i}`)]);
  });

  it('keeps a spanning table row with its label, between the column bands', () => {
    const items = columns(6);
    items.push(item('Label', 50, 180, 40), item('1.0 2.0 3.0 4.0', 200, 180, 300));
    items.push(...Array.from({ length: 6 }, (_, i) => item(`M${i}`, 50, 200 + i * 12, 240)), ...Array.from({ length: 6 }, (_, i) => item(`N${i}`, 310, 200 + i * 12, 240)));
    const out = order(readingOrder(items, viewport));
    const at = out.indexOf('Label');
    expect(out[at + 1]).toBe('1.0 2.0 3.0 4.0');
    expect(out.slice(0, at).every((s) => /^[LR]/.test(s))).toBe(true);
    expect(out.slice(at + 2).every((s) => /^[MN]/.test(s))).toBe(true);
  });

  it('moves a rotated margin stamp after the page text', () => {
    const items = [item('arXiv:2501.00001v1 [cs.CL] 1 Jan 2025', 20, 700, 300, 12, true), ...columns(8)];
    const out = order(readingOrder(items, viewport));
    expect(out.at(-1)).toMatch(/^arXiv/);
    expect(out[0]).toBe('L0');
  });

  it('returns pages without two columns of running text unchanged', () => {
    const single = Array.from({ length: 12 }, (_, i) => item(`S${i}`, 50, 100 + i * 12, 500));
    expect(readingOrder(single, viewport)).toEqual(single);
    const short = columns(2);
    expect(readingOrder(short, viewport)).toEqual(short);
  });
});

describe('dropLineNumbers (pure)', () => {
  const flat = (str: string, x: number, y: number, width = 12) => ({ str, width, transform: [10, 0, 0, 10, x, y] });
  it('drops a counting stack in the margin and nothing else', () => {
    const text = Array.from({ length: 12 }, (_, i) => flat(`line ${i} of the body text`, 60, 700 - i * 12, 400));
    const numbers = Array.from({ length: 12 }, (_, i) => flat(String(100 + i), 20, 700 - i * 12));
    const out = dropLineNumbers([...numbers, ...text]);
    expect(out).toEqual(text);
  });
  it('keeps numbers inside the text block, short stacks and stacks that do not count', () => {
    const text = Array.from({ length: 12 }, (_, i) => flat(`row ${i}`, 60, 700 - i * 12, 400));
    const tableColumn = Array.from({ length: 12 }, (_, i) => flat(String(i + 1), 60, 690 - i * 12)); // ranks in a table
    const few = Array.from({ length: 5 }, (_, i) => flat(String(i), 20, 500 - i * 12));
    const random = [7, 3, 9, 1, 12, 40, 2, 8, 30, 5, 6, 11].map((n, i) => flat(String(n), 520, 700 - i * 12));
    for (const extra of [tableColumn, few, random]) {
      const items = [...text, ...extra];
      expect(dropLineNumbers(items)).toEqual(items);
    }
  });
});
