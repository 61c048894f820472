/**
 * Tesseract's lines → pdf.js-shaped items: words joined per script, scanner specks dropped, row heights evened out,
 * side-by-side blocks on one baseline cut apart, small capitals read as digits put back.
 */
import { describe, expect, it } from 'vitest';
import { joinWords, linesToItems, type OcrLine, type OcrWord } from '../../src/services/pdf-worker/ocr-lines.ts';

/** A line of words at pixel row `top`, each word 10 px apart, with the given confidences. */
function line(top: number, words: Array<[string, number]>, rowHeight = 40): OcrLine {
  let x = 100;
  const out: OcrWord[] = words.map(([text, confidence]) => {
    const w = { text, confidence, bbox: { x0: x, y0: top, x1: x + 20 * text.length, y1: top + rowHeight } };
    x = w.bbox.x1 + 10;
    return w;
  });
  return { words: out, bbox: { x0: 100, y0: top, x1: x, y1: top + rowHeight }, rowAttributes: { rowHeight } };
}

describe('joinWords', () => {
  it('puts spaces between Latin words but not between Chinese characters', () => {
    expect(joinWords(['Hydrogen', 'incorporation', 'in', 'a-Si:H'])).toBe('Hydrogen incorporation in a-Si:H');
    expect(joinWords(['金', '缕', '半', '枫', '荷', '甲醇'])).toBe('金缕半枫荷甲醇');
    expect(joinWords(['经', 'D101', '大', '孔', '树脂'])).toBe('经 D101 大孔树脂');
  });
});

describe('linesToItems', () => {
  const scale = 300 / 72;
  const pageHeight = 792;

  it('places each line in PDF space (y up) with its size in points', () => {
    const [item] = linesToItems([line(300, [['Abstract', 95]])], scale, pageHeight);
    expect(item!.str).toBe('Abstract');
    expect(item!.transform[4]).toBeCloseTo(100 / scale, 5);
    expect(item!.transform[5]).toBeCloseTo(pageHeight - 340 / scale, 5);
    expect(item!.transform[0]).toBeCloseTo(40 / scale, 5);
    expect(item!.hasEOL).toBe(true);
  });

  it('drops short unsure words at the ends of a line, keeps unsure words inside it and long ones at its ends', () => {
    const items = linesToItems(
      [line(100, [['RR', 10], ['Mira', 90], ['Okafor', 91], ['and', 20], ['Toméas', 30], ['Varga', 35], ['§', 5]])],
      scale,
      pageHeight,
    );
    expect(items.map((i) => i.str)).toEqual(['Mira Okafor and Toméas Varga']);
  });

  it('drops lines that are noise (low confidence throughout)', () => {
    const items = linesToItems([line(100, [['ava', 29], ['oiaT', 40]]), line(200, [['Introduction', 92]])], scale, pageHeight);
    expect(items.map((i) => i.str)).toEqual(['Introduction']);
  });

  it('evens out row heights near the body size, and keeps really larger type apart', () => {
    const body = [36, 40, 44, 38, 42].map((h, i) => line(400 + 60 * i, [['body', 90], ['text', 90], ['line', 90]], h));
    const title = line(100, [['A', 90], ['Title', 90]], 80);
    const tall = line(200, [['Okafor,', 90], ['Reyes', 90]], 50);
    const items = linesToItems([title, tall, ...body], scale, pageHeight);
    const sizes = items.map((i) => Math.round(i.transform[0]! * scale));
    expect(sizes[0]).toBe(80);
    // Everything within 30% of the body size (the size of most characters: 42 px here) becomes that size.
    expect(new Set(sizes.slice(1))).toEqual(new Set([42]));
  });

  /** Words placed at given pixel x positions (20 px per letter) on one row. */
  const placed = (top: number, words: Array<[string, number, number]>, rowHeight = 40): OcrLine => {
    const out: OcrWord[] = words.map(([text, confidence, x]) => ({ text, confidence, bbox: { x0: x, y0: top, x1: x + 20 * text.length, y1: top + rowHeight } }));
    return { words: out, bbox: { x0: out[0]!.bbox.x0, y0: top, x1: out[out.length - 1]!.bbox.x1, y1: top + rowHeight }, rowAttributes: { rowHeight } };
  };

  it('cuts a line at a wide gap into items on one baseline (two author columns), the last one ending the line', () => {
    const items = linesToItems([placed(100, [['Conal', 92, 800], ['Elliott', 88, 920], ['Paul', 95, 1460], ['Hudak', 96, 1560]])], scale, pageHeight);
    expect(items.map((i) => i.str)).toEqual(['Conal Elliott', 'Paul Hudak']);
    expect(items.map((i) => i.hasEOL)).toEqual([false, true]);
    expect(items[0]!.transform[5]).toBe(items[1]!.transform[5]);
    // Ordinary word spaces (here 10 px, a third of the size) keep a line whole.
    expect(linesToItems([line(100, [['Daniel', 95], ['J.', 94], ['Edwards', 96]])], scale, pageHeight).map((i) => i.str)).toEqual(['Daniel J. Edwards']);
  });

  it('drops a piece cut off a line that is only specks, and the specks do not move the baseline', () => {
    const l = placed(100, [['Thin', 96, 180], ['Film', 96, 280], ['.', 80, 1200]]);
    l.words[2]!.bbox.y1 = 190; // a smudge reaching far below the line
    const items = linesToItems([l], scale, pageHeight);
    expect(items.map((i) => i.str)).toEqual(['Thin Film']);
    expect(items[0]!.transform[5]).toBeCloseTo(pageHeight - 140 / scale, 5);
  });

  it('keeps a line of mostly sure words whose first word is garbled, and reads a digit one between capitals as I', () => {
    const items = linesToItems([line(100, [['PrI1LIPPE', 6], ['FLAJOLET', 92]])], scale, pageHeight);
    expect(items.map((i) => i.str)).toEqual(['PrIILIPPE FLAJOLET']);
    // One unsure word and nothing sure is still noise.
    expect(linesToItems([line(100, [['oiaT', 30], ['PrI1', 40]])], scale, pageHeight)).toEqual([]);
  });

  it('puts back letters read as digits only inside words of letters', () => {
    const items = linesToItems([line(100, [['bio1ogy', 90], ['SiH4', 90], ['T1000', 90], ['1t', 90], ['PR0BLEM', 90], ['x10', 90]])], scale, pageHeight);
    expect(items[0]!.str).toBe('biology SiH4 T1000 1t PROBLEM x10');
  });
});

