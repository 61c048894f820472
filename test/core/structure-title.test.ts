/**
 * Title rules on synthetic pages: a thesis cover's "what kind of thesis" header is not the title, a dashed subtitle
 * below the title belongs to it, a line of codes is not a title, and the text fallback (no larger type, as on OCR'd
 * scans) joins a title broken after a spaced dash and drops the specks an OCR layer reads before a line. Memos and
 * reports: the title block ends at a "by" line, series labels are not titles, OCR's "11" for a roman "II" is put back
 * when the page prints the numeral; numbered topic lines and address lines are not titles.
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

  const memoBody = (y: number, text: string) => [item(text, 80, y, 11), ...Array.from({ length: 5 }, (_, i) => item(PROSE, 80, y - 18 * (i + 1), 11))];

  it('ends the title block at a "by" line, cuts the memo label off it and restores a roman numeral the page prints', () => {
    const lines = [
      item('Artificial Intelligence Project--RLE and MIT Computation Center', 82, 706, 11),
      item('Memo 19--LISP 11 Garbage Collector', 204, 689, 15),
      item('by', 313, 676, 15),
      item('Daniel J, Edwards', 255, 663, 15),
      item('Motivation', 81, 621, 11),
      ...memoBody(590, 'The present LISP free storage program will change, as LISP II will handle arrays.'),
    ];
    const s = analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines));
    expect(s.title).toBe('LISP II Garbage Collector');
    expect(s.authors).toEqual(['Daniel J. Edwards']);
  });

  it('ends the title block at an e-mail line or a line of marked names between two lines of title type', () => {
    const marked = [
      item('Learning Things', 200, 700, 16),
      item('Ada Lovelace', 180, 684, 10),
      item('1', 242, 688, 6),
      item(', Charles Babbage', 244, 684, 10),
      item('2', 330, 688, 6),
      item('Part Two of the Report', 190, 670, 16),
      ...body(600),
    ];
    expect(analyzePaper(pdf(marked.map((l) => l.str).join('\n'), marked)).title).toBe('Learning Things');
    const mail = [item('Learning Things', 200, 700, 16), item('ada@example.org', 220, 684, 10), item('Part Two of the Report', 190, 670, 16), ...body(600)];
    expect(analyzePaper(pdf(mail.map((l) => l.str).join('\n'), mail)).title).toBe('Learning Things');
  });

  it('keeps a number after a word when the page never prints that word with a roman numeral', () => {
    const lines = [item('The Apollo 11 Guidance Computer', 150, 700, 16), item('Ada Lovelace', 250, 670, 11), ...memoBody(600, 'Apollo 11 flew to the moon, and Part II of this note says how.')];
    expect(analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines)).title).toBe('The Apollo 11 Guidance Computer');
  });

  it('does not take a series label set large as the title', () => {
    const lines = [item('A.I. Memo No. 239', 380, 740, 18), item('Learning to Read Broken Documents', 120, 700, 15), ...body(600)];
    expect(analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines)).title).toBe('Learning to Read Broken Documents');
  });

  it('does not take an address line that OCR made large as the title, nor a numbered topic line in the text fallback', () => {
    const lines = [
      item('3. Thin Film Cells and Technologies', 40, 700, 10),
      item('Hydrogen incorporation in silicon films', 80, 680, 10),
      item('Ada Lovelace, Charles Babbage', 80, 660, 10),
      item('P.O. Box 513, 5600 MB Eindhoven, The Netherlands', 60, 640, 13),
      ...body(600),
    ];
    expect(analyzePaper(pdf(lines.map((l) => l.str).join('\n'), lines)).title).toBe('Hydrogen incorporation in silicon films');
  });
});

