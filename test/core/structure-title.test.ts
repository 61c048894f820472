/**
 * Title rules on synthetic pages: a thesis cover's "what kind of thesis" header is not the title, a dashed subtitle
 * below the title belongs to it, a line of codes is not a title, and the text fallback (no larger type, as on OCR'd
 * scans) joins a title broken after a spaced dash and drops the specks an OCR layer reads before a line.
 */
import { describe, expect, it } from 'vitest';
import { analyzePaper } from '../../src/core/structure/index.ts';
import type { ExtractedPdf, TextItem } from '../../src/core/types.ts';

function item(str: string, x: number, y: number, fontSize: number): TextItem {
  return { str, x, y, width: str.length * fontSize * 0.5, height: fontSize, fontSize, fontName: 'f' };
}

function pdf(page1: string, items: TextItem[] | null): ExtractedPdf {
  return {
    pages: [{ num: 1, text: page1 }],
    totalPages: 1,
    truncated: false,
    info: {},
    layout: items ? [{ num: 1, width: 612, height: 792, items }] : [],
    linkUrls: [],
  };
}

const PROSE = 'We study things in this paper and we report what we found about them in plain words for everyone to read.';
const body = (y: number) => Array.from({ length: 6 }, (_, i) => item(PROSE, 72, y - 14 * i, 10));

describe('title', () => {
  it('skips the thesis-kind header of a cover and joins a dashed subtitle set in smaller type', () => {
    const lines = [
      item('某某大学本科毕业论文', 150, 700, 22),
      item('基于大模型的智能教学平台设计与实现', 110, 640, 18),
      item('——以本科生《电磁场》和研究生《学术规范与论文', 110, 600, 16),
      item('写作》为例', 110, 576, 16),
      item('学生姓名： 张三', 200, 380, 12),
      ...body(300),
    ];
    const s = analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines));
    expect(s.title).toBe('基于大模型的智能教学平台设计与实现——以本科生《电磁场》和研究生《学术规范与论文写作》为例');
  });

  it("skips an English thesis-kind header (\"Master's Thesis\")", () => {
    const lines = [item("Master's Thesis", 200, 700, 24), item('Learning to Read Broken Documents', 120, 640, 18), ...body(500)];
    expect(analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines)).title).toBe('Learning to Read Broken Documents');
  });

  it('does not take a line of codes and initials set large (a session label) as the title', () => {
    const lines = [item('P2B.21 RE', 450, 740, 15), item('Growth of Thin Films in an Expanding Plasma', 100, 700, 14), ...body(600)];
    expect(analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines)).title).toBe('Growth of Thin Films in an Expanding Plasma');
  });

  it('without larger type, joins a title broken after a spaced dash and drops leading specks', () => {
    const text = ['P2B.21 RE', '3. Thin Film Cells and Technologies :', ': Hydrogen incorporation in a-Si:H -', 'growth studies on an Expanding Thermal Plasma', 'R.J. Severens, F. van de Pas', PROSE].join('\n');
    expect(analyzePaper(pdf(text, null)).title).toBe('Hydrogen incorporation in a-Si:H - growth studies on an Expanding Thermal Plasma');
  });
});
