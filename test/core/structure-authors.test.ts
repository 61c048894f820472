/**
 * Author and affiliation rules on synthetic title pages: grids of author columns, wrapped and run-in
 * affiliation lists, society grades, capitals, loose TeX accents, cover pages and labelled thesis forms; what OCR
 * does to names (initials run into the surname, a comma for an initial's period, small capitals read half small).
 */
import { describe, expect, it } from 'vitest';
import { composeAccents } from '../../src/core/structure/accents.ts';
import { analyzePaper } from '../../src/core/structure/index.ts';
import type { ExtractedPdf, TextItem } from '../../src/core/types.ts';

/** A positioned text run; width estimated from the string length. */
function item(str: string, x: number, y: number, fontSize: number): TextItem {
  return { str, x, y, width: str.length * fontSize * 0.5, height: fontSize, fontSize, fontName: 'f' };
}

/** One PDF; `layouts[i]` is the layout of page i + 1 (pages without one have none). */
function pdf(pages: string[], layouts: TextItem[][] = []): ExtractedPdf {
  return {
    pages: pages.map((text, i) => ({ num: i + 1, text })),
    totalPages: pages.length,
    truncated: false,
    info: {},
    layout: layouts.map((items, i) => ({ num: i + 1, width: 612, height: 792, items })),
    linkUrls: [],
  };
}

/** A row of cells at one baseline. */
const row = (y: number, size: number, cells: Array<[string, number]>) => cells.map(([s, x]) => item(s, x, y, size));

const PROSE = 'We study things in this paper and we report what we found about them in plain words for everyone.';

describe('structure: author grids', () => {
  it('reads affiliation blocks per column and keeps name-like cells of an affiliation row out of the authors', () => {
    const items = [
      item('Signals in Columns of Things', 150, 720, 16),
      ...row(680, 11, [['Alice Smith', 80], ['Bob Jones', 250], ['Carol Lee', 420]]),
      ...row(666, 10, [['Listening Lab,', 80], ['Ecosystems and', 250], ['Signal Group', 420]]),
      ...row(652, 10, [['Centre for Music,', 80], ['Environment Research', 250], ['Department,', 420]]),
      ...row(638, 10, [['Queen Anne University of', 80], ['Centre,', 250], ['University of Crete.', 420]]),
      ...row(624, 10, [['London.', 80]]),
      item('Abstract', 280, 590, 11),
      item(PROSE, 80, 570, 10),
    ];
    const s = analyzePaper(pdf(['Signals in Columns of Things\nAlice Smith Bob Jones Carol Lee\nAbstract\n' + PROSE], [items]));
    expect(s.authors).toEqual(['Alice Smith', 'Bob Jones', 'Carol Lee']);
    expect(s.affiliation).toBe('Listening Lab, Centre for Music, Queen Anne University of London');
  });

  it('reads stacked grids (name, e-mail, affiliation, country) and does not stop at the country lines', () => {
    const items = [
      item('Fusing Many Things Together', 150, 720, 16),
      ...row(680, 11, [['Ann Lee', 110], ['Bo Chen', 290], ['Cy Wu', 460]]),
      ...row(668, 9, [['ann@alpha.edu', 90], ['bo@alpha.edu', 270], ['cy@delta.com', 440]]),
      ...row(656, 9, [['School of Software,', 80], ['School of Software,', 260], ['Delta Research Institute', 430]]),
      ...row(644, 9, [['Alpha University', 90], ['Alpha University', 270], ['China', 470]]),
      ...row(632, 9, [['China', 110], ['China', 290]]),
      ...row(610, 11, [['Dan Xu', 200], ['Eve Ma', 380]]),
      ...row(598, 9, [['dan@delta.com', 180], ['eve@alpha.edu', 360]]),
      ...row(586, 9, [['Delta Research Institute', 170], ['Alpha University', 360]]),
      ...row(574, 9, [['China', 210], ['China', 390]]),
      item('Abstract', 280, 540, 11),
      item(PROSE, 80, 520, 10),
    ];
    const s = analyzePaper(pdf(['Fusing Many Things Together\nAbstract\n' + PROSE], [items]));
    expect(s.authors).toEqual(['Ann Lee', 'Bo Chen', 'Cy Wu', 'Dan Xu', 'Eve Ma']);
    expect(s.affiliation).toBe('School of Software, Alpha University, China');
  });
});

describe('structure: author lines', () => {
  it('drops society grades after names and sets names printed in capitals in the usual case', () => {
    const text = 'Detection of Things in Sound\nJANE ROE, Member, IEEE, JOHN DOE, and MARY MAJOR, Senior Member, IEEE\nAbstract—We detect things.\n' + PROSE;
    expect(analyzePaper(pdf([text])).authors).toEqual(['Jane Roe', 'John Doe', 'Mary Major']);
  });

  it('puts loose TeX accents back on their letters in names and affiliations', () => {
    const text = 'Accents in Printed Names\nRen´e Dupr´e1, Luk´aˇs Novak2\n1 Universit´e de Lyon, France\n2 Brno Institute of Things\nAbstract\n' + PROSE;
    const s = analyzePaper(pdf([text]));
    expect(s.authors).toEqual(['René Dupré', 'Lukáš Novak']);
    expect(s.affiliation).toBe('Université de Lyon, France');
    expect(composeAccents('Matevzˇ and Dvoˇr´ak, M¨uller')).toBe('Matevž and Dvořák, Müller');
  });

  it('knows an institution whose name ends in an accented letter is not a person', () => {
    const s = analyzePaper(pdf(['Learning Things in Montreal\nAda Lovelace\nUniversité de Montréal\nAbstract\n' + PROSE]));
    expect(s.authors).toEqual(['Ada Lovelace']);
    expect(s.affiliation).toBe('Université de Montréal');
  });
});

describe('structure: affiliation lines', () => {
  it('continues an affiliation wrapped mid-phrase and splits a run-in numbered list', () => {
    const text = [
      'A Model of Many Things',
      'Ada Lovelace1, Charles Babbage2',
      '1 Analytical Society, Faculty of Engines and',
      'machines, London, England, 2 Difference University, School of Computing, United Kingdom of Great Britain and',
      'Northern Ireland',
      'Abstract',
      PROSE,
    ].join('\n');
    const s = analyzePaper(pdf([text]));
    expect(s.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    expect(s.affiliation).toBe('Analytical Society, Faculty of Engines and machines, London, England');
  });

  it('reads "are with the …" footnotes without the article', () => {
    const text = `Sound Events in Rooms\nAda Roe and John Doe\nAbstract—We listen.\n${PROSE}\nA. Roe and J. Doe are with the Centre for Sound, Example University, London, UK (e-mail: a@b.uk).`;
    expect(analyzePaper(pdf([text])).affiliation).toBe('Centre for Sound, Example University, London, UK');
  });
});

describe('structure: cover pages and forms', () => {
  it('reads the authors from the article page that follows a cover page', () => {
    const cover = [
      item('See discussions, stats and author profiles for this publication at: https://example.org/p/1', 60, 725, 9),
      item('Things We Learn', 60, 685, 20),
      item('Article in Journal of Things · May 2015', 60, 642, 10),
      item('DOI: 10.1000/things.1', 60, 627, 7),
      item('2 authors, including:', 60, 523, 10),
      item('A. Lovelace', 100, 496, 10),
      item('Université de Londres', 100, 480, 10),
      item('All content following this page was uploaded by A. Lovelace on 1 June 2015.', 65, 62, 10),
    ];
    const article = [
      item('REVIEW', 37, 719, 38),
      item('Things We Learn', 37, 655, 28),
      item('Ada Lovelace', 37, 633, 9),
      item('1', 90, 637, 6),
      item(', Charles Babbage', 94, 633, 9),
      item('2', 170, 637, 6),
      ...Array.from({ length: 12 }, (_, i) => item(PROSE, 45, 590 - 11 * i, 9.3)),
      item('1', 37, 64, 5),
      item('Analytical Engine Society, London, UK.', 40, 60, 7),
      item('2', 200, 64, 5),
      item('Difference University, Cambridge, UK.', 203, 60, 7),
    ];
    const s = analyzePaper(
      pdf(
        [
          'See discussions, stats and author profiles for this publication at: https://example.org/p/1\nThings We Learn\nArticle in Journal of Things · May 2015\nDOI: 10.1000/things.1\n2 authors, including:\nA. Lovelace\nUniversité de Londres',
          `Things We Learn\nAda Lovelace1, Charles Babbage2\n${Array.from({ length: 12 }, () => PROSE).join('\n')}\n1Analytical Engine Society, London, UK. 2Difference University, Cambridge, UK.`,
        ],
        [cover, article],
      ),
    );
    expect(s.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    expect(s.affiliation).toBe('Analytical Engine Society, London, UK');
  });

  it('keeps form values with their labels on a thesis cover set in cells', () => {
    const items = [
      item('硕士学位论文', 136, 627, 36),
      ...row(558, 22, [['题目：', 115], ['事物之研究', 214]]),
      ...row(364, 15, [['姓', 133], ['名：', 179], ['王小明', 298]]),
      ...row(332, 15, [['专', 133], ['业：', 179], ['计算机技术', 282]]),
      ...row(300, 15, [['院', 133], ['系：', 179], ['软件学院', 282]]),
      ...row(268, 15, [['导师姓名：', 133], ['李大伟教授', 274]]),
    ];
    const text = '硕士学位论文\n题目： 事物之研究\n姓 名： 王小明\n专 业： 计算机技术\n院 系： 软件学院\n导师姓名： 李大伟 教授';
    const s = analyzePaper(pdf([text], [items]));
    expect(s.authors).toEqual(['王小明']);
    expect(s.affiliation).toBe('软件学院');
  });
});

describe('structure: names as OCR reads them', () => {
  it('splits initials run into the surname and knows glued Dutch particles', () => {
    const text = 'Growth of Thin Films in a Plasma\nRJ.Severens, F. van de Pas, M.C.M. vande Sanden, J.Smith\nEindhoven University of Technology\nAbstract\n' + PROSE;
    expect(analyzePaper(pdf([text])).authors).toEqual(['RJ. Severens', 'F. van de Pas', 'M.C.M. vande Sanden', 'J. Smith']);
  });

  it('reads a comma after a middle initial as its period, but keeps a list of surnames with initials apart', () => {
    expect(analyzePaper(pdf(['A Garbage Collector for Lists\nDaniel J, Edwards\nAbstract\n' + PROSE])).authors).toEqual(['Daniel J. Edwards']);
    expect(analyzePaper(pdf(['A Garbage Collector for Lists\nSmith J, Doe K, Roe A\nAbstract\n' + PROSE])).authors).toEqual(['Smith J', 'Doe K', 'Roe A']);
  });

  it('sets a name in small capitals with a stray small letter in the usual case', () => {
    const text = 'Counting Things in Data Bases\nPHILiPPE FLAJOLET\nINRIA, Rocquencourt, France\nAbstract\n' + PROSE;
    expect(analyzePaper(pdf([text])).authors).toEqual(['Philippe Flajolet']);
  });

  it('does not run a name on into a heading that is not right below it in its block', () => {
    const items = [
      item('A Garbage Collector for Lists', 200, 700, 16),
      item('Daniel Edwards', 255, 660, 14),
      item('Motivation', 80, 628, 11),
      ...Array.from({ length: 5 }, (_, i) => item(PROSE, 80, 600 - 14 * i, 11)),
    ];
    const s = analyzePaper(pdf([items.map((i) => i.str).join('\n')], [items]));
    expect(s.authors).toEqual(['Daniel Edwards']);
  });

  it('ends an affiliation block at phone, fax and e-mail lines', () => {
    const items = [
      item('Growth of Thin Films in a Plasma', 150, 700, 16),
      item('Ada Lovelace, Charles Babbage', 180, 670, 11),
      item('Eindhoven University of Technology', 180, 656, 11),
      item('Den Dolech 2, Eindhoven', 200, 642, 11),
      item('phone +31-40-2473477', 200, 628, 11),
      item('e-mail a.lovelace@example.org', 200, 614, 11),
      item('Abstract', 280, 590, 11),
      item(PROSE, 80, 570, 10),
    ];
    const s = analyzePaper(pdf([items.map((i) => i.str).join('\n')], [items]));
    expect(s.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    expect(s.affiliation).toBe('Eindhoven University of Technology, Den Dolech 2, Eindhoven');
  });
});
