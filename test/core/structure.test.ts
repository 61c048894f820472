import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePaper, assessTextLayer, cleanPages } from '../../src/core/structure/index.ts';
import type { ExtractedPdf, PaperStructure, PdfInfo, TextItem } from '../../src/core/types.ts';
import type { TextExtractor } from '../../src/core/ports.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { githubScore, scorePaper, type PaperScore } from '../helpers/score.ts';
import { loadExpected, readPaper, sharedAvailable, type ExpectedPaper } from '../helpers/shared.ts';

// ---------- synthetic input, no shared folder needed ----------

function makePdf(pages: string[], extra: { info?: PdfInfo; linkUrls?: string[]; items?: TextItem[] } = {}): ExtractedPdf {
  return {
    pages: pages.map((text, i) => ({ num: i + 1, text })),
    totalPages: pages.length,
    truncated: false,
    info: extra.info ?? {},
    layout: extra.items ? [{ num: 1, width: 612, height: 792, items: extra.items }] : [],
    linkUrls: extra.linkUrls ?? [],
  };
}

/** A positioned text run; width estimated from the string length. */
function item(str: string, x: number, y: number, fontSize: number): TextItem {
  return { str, x, y, width: str.length * fontSize * 0.5, height: fontSize, fontSize, fontName: 'f' };
}

const WORDS = ['model', 'data', 'signal', 'result', 'method', 'corpus', 'error', 'sample', 'layer', 'graph', 'query', 'score'];
/** n lines of prose that differ in words (not only in digits, which running-head detection ignores). */
const body = (tag: string, n = 6) =>
  Array.from({ length: n }, (_, i) => {
    const w = (k: number) => WORDS[(i * 7 + k * 5 + tag.length) % WORDS.length];
    return `The ${tag} paragraph says the ${w(1)} and the ${w(2)} shape each ${w(3)} in the ${w(4)} of this ${w(5)} study.`;
  }).join('\n');

const cleaned = (pages: string[]) => cleanPages(makePdf(pages).pages).pages.map((p) => p.text);
const first = (page: string) => cleaned([page])[0] ?? '';
const headings = (s: PaperStructure, level = 1) => s.sections.filter((x) => x.level === level).map((x) => x.heading);

describe('structure: clean-up', () => {
  it('expands ligatures, drops soft hyphens and repairs lost ff/ffi glyphs', () => {
    const p = first('We ﬁne-tune an eﬃcient ﬂow; the e↵ort is mini\u00admal and the di culty low.');
    expect(p).toBe('We fine-tune an efficient flow; the effort is minimal and the difficulty low.');
  });

  it('rejoins end-of-line hyphenation but keeps real compound hyphens', () => {
    const p = first(
      'We train a multi-task model and learn repre-\nsentations with a state-\nof-the-art encoder for multi-\ntask use and token-\nlevel labels.',
    );
    expect(p).toContain('representations');
    expect(p).toContain('state-of-the-art');
    expect(p.replace(/\n/gu, ' ')).toContain('multi-task use'); // "multi-task" is printed elsewhere, so its hyphen is real
    expect(p).not.toContain('repre-');
  });

  it('removes running heads, footers, page numbers and download stamps', () => {
    const pages = Array.from({ length: 6 }, (_, i) =>
      [
        i % 2 ? `Smith et al. Journal of Examples 2020 ${i + 1}` : `${i + 101} JOURNAL OF EXAMPLES, VOL. 3, NO. 2`,
        body(WORDS[i] ?? 'page', 4),
        `Authorized licensed use limited to: Some University. Downloaded on May 1,2022 at 10:00:00 UTC from IEEE Xplore. Restrictions apply.`,
        `${i + 1}`,
      ].join('\n'),
    );
    const out = cleaned(pages);
    for (const p of out) {
      expect(p).not.toMatch(/JOURNAL OF EXAMPLES|Smith et al|Authorized licensed|^\d+$/mu);
      expect(p.split('\n')).toHaveLength(4);
    }
  });

  it('takes the arXiv id from the margin stamp and removes the stamp', () => {
    const s = analyzePaper(makePdf([`A Title of Things\n${body('intro')}\narXiv:2401.01234v2 [cs.CL] 3 Jan 2024`]));
    expect(s.arxivId).toBe('2401.01234v2');
    expect(s.pages[0]?.text).not.toContain('arXiv:');
  });
});

describe('structure: headings and sections', () => {
  it('finds numbered, sub and unnumbered headings and ignores table-of-contents lines', () => {
    const s = analyzePaper(
      makePdf([
        `Contents\n1 Introduction ........ 2\n2 Method ........ 3\nAbstract\nWe study things.\n${body('abstract', 2)}\n1 Introduction\n${body('intro')}`,
        `2 Method\n2.1 Setup\n${body('setup')}\n1 for (var i = 0; i < 3; i++) {\n3 Results\n${body('results')}\nAcknowledgments\nThanks.\nReferences\n1. Smith J, Doe A: Things. J Ex 2001, 3:1-2.`,
      ]),
    );
    expect(headings(s)).toEqual(['Contents', 'Abstract', '1 Introduction', '2 Method', '3 Results', 'Acknowledgments', 'References']);
    expect(headings(s, 2)).toEqual(['2.1 Setup']);
    const results = s.sections.find((x) => x.heading === '3 Results');
    expect(results?.page).toBe(2);
    expect(results?.text).toMatch(/^The results paragraph says/u);
    expect(results?.text).not.toContain('Thanks.');
    expect(s.abstract).toMatch(/^We study things\./u);
  });

  it('finds roman-numbered IEEE headings with lettered sub-sections and run-in abstracts', () => {
    const s = analyzePaper(
      makePdf([
        `Abstract—We do things well, and we show it on three robots.\nIndex Terms—Robots, learning, grasping.\nI. I NTRODUCTION\n${body('intro')}\nII. APPROACH\nA. Reward Shaping\n${body('reward')}\nB. Training\n${body('training')}\nIII. CONCLUSION\n${body('end', 2)}\nREFERENCES`,
      ]),
    );
    expect(headings(s)).toEqual(['Abstract', 'I. INTRODUCTION', 'II. APPROACH', 'III. CONCLUSION', 'REFERENCES']);
    expect(headings(s, 2)).toEqual(['A. Reward Shaping', 'B. Training']);
    expect(s.keywords).toEqual(['Robots', 'learning', 'grasping']);
    expect(s.abstract).toBe('We do things well, and we show it on three robots.');
  });

  it('finds Chinese headings, letter-spaced ones included, and detects Chinese', () => {
    const zh = (n: number) => '本文研究了分布式系统中的数据去重问题，并给出了一种有效的方法。'.repeat(n);
    const s = analyzePaper(
      makePdf([
        `摘 要\n${zh(2)}\n关键词：分布式系统，数据去重\n第一章 绪论\n${zh(3)}\n1.1 研究背景\n${zh(2)}\n第二章 方法\n${zh(3)}\n参 考 文 献\n[1] 张三. 某论文[J]. 2020.\n致 谢\n感谢老师。`,
      ]),
    );
    expect(headings(s)).toEqual(['摘要', '第一章 绪论', '第二章 方法', '参考文献', '致谢']);
    expect(s.keywords).toEqual(['分布式系统', '数据去重']);
    expect(s.language).toBe('zh');
    expect(s.abstract?.startsWith('本文研究了')).toBe(true);
  });

  it('does not take a numbered list or a running chapter head for sections', () => {
    const pages = Array.from({ length: 4 }, (_, i) =>
      [`某大学本科毕业论文 ${i + 1} 绪论`, `${i + 1}`, i === 0 ? '1 绪论' : '', '中文正文内容说明了系统的设计。'.repeat(3), '1 新增文件地址存在，指纹内容不同，则修改该地址上的指纹', '2 设备访问本地重定向表，查明文本文件被重定向到了另一个设备节点，此后再发送请求', '中文正文内容。'.repeat(4)].join('\n'),
    );
    expect(headings(analyzePaper(makePdf(pages)))).toEqual(['1 绪论']);
  });
});

describe('structure: identifiers and links', () => {
  it('rejoins a GitHub URL broken over a line, prefers link annotations, skips github.io', () => {
    const s = analyzePaper(
      makePdf(
        [
          `Title of a Paper\nCode is at https://github.com/lab/real-\ncode and the site is https://lab.github.io/x.\nData: https://github.com/\norg/data_set. More at https://github.com/org/to`,
          'ol (see the repository).',
        ],
        { linkUrls: ['https://github.com/org/tool', 'https://example.org/'] },
      ),
    );
    expect(s.githubUrls).toEqual(['https://github.com/lab/real-code', 'https://github.com/org/data_set', 'https://github.com/org/tool']);
  });

  it('reads this paper’s DOI from page 1 (spaced out in print) and not from the references', () => {
    const s = analyzePaper(makePdf([`A Title Here\nDOI:10. 13863 / j. issn1001-4454. 2022. 03. 016\n${body('x')}`, 'References\n[1] A. B. Other. doi:10.1000/other.1']));
    expect(s.doi).toBe('10.13863/j.issn1001-4454.2022.03.016');
    expect(analyzePaper(makePdf(['A Title Here\nno identifiers', 'References\n[1] doi:10.1000/other.1'])).doi).toBeNull();
  });

  it('keeps an English paper English when symbols are mapped to CJK code points', () => {
    const s = analyzePaper(makePdf([`${body('physics', 20)} measured at 共2011兲 and 关doi:10.1063/1.3558920兴 储 共a兲`]));
    expect(s.language).toBe('en');
  });
});

describe('structure: title page from the layout', () => {
  const items = [
    item('Journal of Examples 12 (2024)', 200, 760, 8),
    item('Learning Things from Other', 120, 700, 18),
    item('Things at Scale', 180, 678, 18),
    item('Ada Lovelace', 100, 640, 11),
    item('1,*', 166, 644, 7),
    item(', Charles Babbage', 180, 640, 11),
    item('2', 274, 644, 7),
    item(', and Mary Somerville', 280, 640, 11),
    item('1', 396, 644, 7),
    item('1', 150, 624, 7),
    item('Analytical Engine Society, London, UK', 155, 620, 10),
    item('2', 150, 608, 7),
    item('Difference University, Cambridge, UK', 155, 604, 10),
    item('Abstract', 280, 570, 11),
    item('We learn things.', 100, 550, 10),
  ];
  const text = 'Journal of Examples 12 (2024)\nLearning Things from Other\nThings at Scale\nAda Lovelace1,*, Charles Babbage2, and Mary Somerville1\n1Analytical Engine Society, London, UK\n2Difference University, Cambridge, UK\nAbstract\nWe learn things.\n1 Introduction\nText.';

  it('takes the largest type as title and links the first author to her affiliation by mark', () => {
    const s = analyzePaper(makePdf([text], { items, info: { title: 'Microsoft Word - draft7.docx' } }));
    expect(s.title).toBe('Learning Things from Other Things at Scale');
    expect(s.authors).toEqual(['Ada Lovelace', 'Charles Babbage', 'Mary Somerville']);
    expect(s.affiliation).toBe('Analytical Engine Society, London, UK');
  });

  it('keeps side-by-side author blocks apart and drops e-mail addresses', () => {
    const columns = [
      item('Neural Things in Columns', 180, 720, 16),
      item('Alice Smith', 100, 680, 11),
      item('Bob Jones', 260, 680, 11),
      item('Univ. of Alpha', 100, 666, 10),
      item('Beta Institute', 260, 666, 10),
      item('alice@alpha.edu', 100, 652, 9),
      item('bob@beta.org', 260, 652, 9),
      item('Abstract', 280, 620, 11),
    ];
    const s = analyzePaper(makePdf(['Neural Things in Columns\nAlice Smith Bob Jones\nAbstract\nWe do.'], { items: columns }));
    expect(s.authors).toEqual(['Alice Smith', 'Bob Jones']);
    expect(s.affiliation).toBe('Univ. of Alpha');
  });

  it('uses a trustworthy Info title with entities decoded, and falls back to text without a layout', () => {
    const info = { title: '&#x201C;Learning&#x201D; Things' };
    const s = analyzePaper(makePdf(['“Learning” Things\nAda Lovelace1, Charles Babbage2\n1 Analytical Engine Society\nAbstract\nWe learn.'], { info }));
    expect(s.title).toBe('“Learning” Things');
    expect(s.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    expect(s.affiliation).toBe('Analytical Engine Society');
  });
});

describe('structure: robustness and text-layer quality', () => {
  it('never throws on empty, one-page or very long input', () => {
    expect(() => analyzePaper(makePdf([]))).not.toThrow();
    expect(analyzePaper(makePdf([''])).title).toBeNull();
    expect(analyzePaper({ ...makePdf(['x']), layout: [{ num: 1, width: 0, height: 0, items: [] }] }).sections).toEqual([]);
    const long = Array.from({ length: 300 }, (_, i) => `${i % 10 === 0 ? `${i / 10 + 1} Section about ${WORDS[(i / 10) % 12]}\n` : ''}${body(WORDS[i % 12]!.repeat(1 + (i % 5)), 40)}`);
    const t = performance.now();
    const s = analyzePaper(makePdf(long));
    expect(performance.now() - t).toBeLessThan(5000);
    expect(s.pages).toHaveLength(300);
    expect(headings(s)).toHaveLength(30);
    // A title page that is one big plot: thousands of labels at scattered positions.
    const labels = Array.from({ length: 20_000 }, (_, i) => item(`l${i}`, (i * 37) % 600, (i * 101) % 790, 4 + (i % 5)));
    const t2 = performance.now();
    expect(() => analyzePaper(makePdf(['Plot page'], { items: labels }))).not.toThrow();
    expect(performance.now() - t2).toBeLessThan(3000);
  });

  it('calls empty, marker-only, control-character and letter-soup text layers unusable', () => {
    expect(assessTextLayer(makePdf(['', '  '])).usable).toBe(false);
    expect(assessTextLayer(makePdf(['-- 1 of 1 --'])).usable).toBe(false);
    expect(assessTextLayer(makePdf(['\u0002\u0003\u0004\ufffd'.repeat(200)])).usable).toBe(false);
    const soup = Array.from({ length: 300 }, (_, i) => ['xqzt', 'bcdfg', 'RzKp', 'wvQm'][i % 4]).join(' ');
    expect(assessTextLayer(makePdf([soup])).usable).toBe(false);
    expect(assessTextLayer(makePdf([body('fine', 10)]))).toEqual({ usable: true, reason: null });
  });

  it('calls look-alike text layers unusable (Cyrillic in Latin words, math or private-use letters)', () => {
    const prose = body('glyph', 12);
    // What an unmapped font can give: Cyrillic а/е/о/р/с for their Latin twins...
    const cyrillic = prose.replace(/[aeopc]/gu, (c) => ({ a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441' })[c] ?? c);
    // ...or mathematical bold letters (U+1D41A is bold "a").
    const mathBold = prose.replace(/[a-z]/gu, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97));
    for (const text of [cyrillic, mathBold]) {
      const q = assessTextLayer(makePdf([text]));
      expect(q.usable).toBe(false);
      expect(q.reason).toMatch(/look-alike/u);
    }
    // Prose with some Greek symbols and math letters in formulas stays usable.
    const formulas = `${prose}\nLet α and β be rates, and 𝑥 the input, so 𝑦 = α𝑥 + β for every αβ pair.`;
    expect(assessTextLayer(makePdf([formulas]))).toEqual({ usable: true, reason: null });
  });
});

// ---------- real papers (shared folder) ----------

interface Row {
  exp: ExpectedPaper;
  s: PaperStructure;
  usable: boolean;
  extractMs: number;
  structureMs: number;
}

describe.skipIf(!sharedAvailable)('structure: real papers', () => {
  let extractor: TextExtractor;
  const rows: Row[] = [];

  beforeAll(async () => {
    extractor = createPdfExtractor();
    for (const exp of loadExpected()) {
      let t = performance.now();
      const pdf = await extractor.extract(readPaper(exp.file), { maxPages: 300 });
      const extractMs = performance.now() - t;
      t = performance.now();
      const s = analyzePaper(pdf);
      const structureMs = performance.now() - t;
      rows.push({ exp, s, usable: assessTextLayer(pdf).usable, extractMs, structureMs });
    }
  }, 120_000);

  afterAll(async () => {
    await extractor?.close?.();
  });

  it('marks the scanned paper unusable and every other paper usable', () => {
    for (const r of rows) expect(r.usable, r.exp.file).toBe(r.exp.has_text_layer);
  });

  it('reaches the accuracy floors (and prints the hit-rate table)', () => {
    const text = rows.filter((r) => r.exp.has_text_layer);
    const n = text.length;
    const scored = text.map((r) => ({ r, sc: scorePaper(r.s, r.exp) }));
    const count = (f: (sc: PaperScore) => boolean) => scored.filter((x) => f(x.sc)).length;
    const mean = (f: (sc: PaperScore) => number) => scored.reduce((a, x) => a + f(x.sc), 0) / Math.max(1, n);
    const authorF1 = (sc: PaperScore) => sc.authorF1;
    const sectionF1 = (sc: PaperScore) => sc.sectionF1;
    const gh = githubScore(text);
    const hits = {
      title: count((sc) => sc.title),
      authors: count((sc) => sc.authorF1 >= 0.8),
      firstAuthor: count((sc) => sc.firstAuthor),
      affiliation: count((sc) => sc.affiliation),
      keywords: count((sc) => sc.keywords),
      arxivId: count((sc) => sc.arxivId),
      doi: count((sc) => sc.doi),
      sections: count((sc) => sc.sectionF1 >= 0.8),
      abstract: count((sc) => sc.abstract),
      language: rows.filter((r) => r.s.language === r.exp.language).length,
    };
    const table = [
      ['title (sim>=0.9)', `${hits.title}/${n}`],
      ['authors (F1>=0.8)', `${hits.authors}/${n}  mean F1 ${mean(authorF1).toFixed(2)}`],
      ['first author', `${hits.firstAuthor}/${n}`],
      ['affiliation (soft)', `${hits.affiliation}/${n}`],
      ['keywords (F1>=0.8)', `${hits.keywords}/${n}`],
      ['arXiv id', `${hits.arxivId}/${n}`],
      ['DOI', `${hits.doi}/${n}`],
      ['GitHub URLs', `P ${gh.precision.toFixed(2)} R ${gh.recall.toFixed(2)} (tp ${gh.tp}, fp ${gh.fp}, fn ${gh.fn})`],
      ['sections (F1>=0.8)', `${hits.sections}/${n}  mean F1 ${mean(sectionF1).toFixed(2)}`],
      ['abstract start', `${hits.abstract}/${n}`],
      ['language', `${hits.language}/${rows.length}`],
    ];
    console.log(`\nstructure hit rates (${n} papers with a text layer)\n${table.map(([k, v]) => `  ${k!.padEnd(20)} ${v}`).join('\n')}`);
    console.log(`\nper paper: extraction + structure time\n${rows.map((r) => `  ${r.exp.file.padEnd(50)} ${r.extractMs.toFixed(0).padStart(6)} ms + ${r.structureMs.toFixed(1).padStart(6)} ms`).join('\n')}`);

    // Floors: what this version achieves minus a small margin.
    expect(hits.title).toBeGreaterThanOrEqual(n - 1);
    expect(hits.authors).toBeGreaterThanOrEqual(n - 2);
    expect(hits.firstAuthor).toBeGreaterThanOrEqual(n - 1);
    expect(hits.affiliation).toBeGreaterThanOrEqual(n - 2);
    expect(hits.keywords).toBeGreaterThanOrEqual(n - 1);
    expect(hits.arxivId).toBeGreaterThanOrEqual(n);
    expect(hits.doi).toBeGreaterThanOrEqual(n - 1);
    expect(gh.precision).toBeGreaterThanOrEqual(0.9);
    expect(gh.recall).toBeGreaterThanOrEqual(0.9);
    expect(hits.sections).toBeGreaterThanOrEqual(n - 2);
    expect(mean(sectionF1)).toBeGreaterThanOrEqual(0.9);
    expect(hits.abstract).toBeGreaterThanOrEqual(n - 2);
    expect(hits.language).toBe(rows.length);
  });
});
