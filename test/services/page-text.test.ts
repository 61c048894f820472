/**
 * Word spaces from gaps: pageText puts a space where two items on a line stand a word space apart,
 * and only there (kerning, CJK letter-spacing and pdf.js's own space items are left as they are).
 */
import { describe, expect, it } from 'vitest';
import { pageText, type PageTextItem } from '../../src/services/pdf-worker/page-text.ts';

const viewport = { convertToViewportPoint: (x: number, y: number) => [x, 800 - y] };
/** An item at (x, y) of the given font size; width 0.5 em per character. */
const item = (str: string, x: number, y = 700, size = 10): PageTextItem => ({ str, transform: [size, 0, 0, size, x, y], width: str.length * size * 0.5, height: size, hasEOL: false });
/** Items placed one after another with the given gap (in points) between them. */
function run(words: string[], gap: number, y = 700, size = 10): PageTextItem[] {
  let x = 72;
  return words.map((w) => {
    const it = item(w, x, y, size);
    x += it.width + gap;
    return it;
  });
}

describe('page text: spaces from gaps', () => {
  it('puts a space between words that are only set apart by a gap', () => {
    expect(pageText(run(['Deep', 'learning', 'works'], 2.5), viewport)).toBe('Deep learning works');
  });

  it('leaves kerned letters, existing spaces and CJK letter-spacing alone', () => {
    expect(pageText(run(['Tr', 'ans', 'former'], 0.4), viewport)).toBe('Transformer');
    expect(pageText(run(['Deep ', 'learning'], 2.5), viewport)).toBe('Deep learning');
    expect(pageText(run(['深度', '学习', '方法'], 2.5), viewport)).toBe('深度学习方法');
  });

  it('starts a new line where the next line begins left of where the last one ended', () => {
    // 11 pt after 9 pt: closer than pdf-parse's line-height rule, but clearly a new line.
    const items = [...run(['Tomas', 'Varga'], 2.5, 700, 11), ...run(['Department', 'of', 'Physics'], 2.5, 689.5, 9)];
    expect(pageText(items, viewport)).toBe('Tomas Varga\nDepartment of Physics');
  });
});
