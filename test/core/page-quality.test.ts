/**
 * Page scores of the text-layer check: each kind of broken layer is caught for its own reason, and
 * real prose in English, other Latin-script languages and Chinese (with its tables and references)
 * stays readable.
 */
import { describe, expect, it } from 'vitest';
import { pageQuality } from '../../src/core/structure/page-quality.ts';
import { assessTextLayer, NO_TEXT_REASONS } from '../../src/core/structure/text-layer.ts';
import type { ExtractedPdf } from '../../src/core/types.ts';

const ENGLISH =
  'We propose a method that first selects the sentences that matter for a question and then passes only those sentences to the model. ' +
  'In our experiments on three data sets, the answers are supported by evidence in the text far more often, and the cost of computation ' +
  'drops because the model reads less text. The results suggest that a careful choice of evidence matters more than the size of the model. ';
const GERMAN =
  'Die vorliegende Arbeit untersucht die Frage, wie sich die Genauigkeit von Sprachmodellen bei langen wissenschaftlichen Dokumenten ' +
  'verbessern lässt. Wir schlagen ein Verfahren vor, das zunächst die relevanten Sätze auswählt und anschließend nur diese Sätze an das ' +
  'Modell übergibt. In unseren Experimenten mit drei Datensätzen zeigt sich, dass die Antworten deutlich häufiger durch Belege gestützt werden. ';
const CHINESE = '本文研究了如何提高语言模型在长篇科学文献上回答问题的可靠性。我们提出一种方法，先选出与问题相关的句子，再只把这些句子交给模型。实验表明，答案更常得到文中证据的支持，计算成本也随之下降。';

const pdfOf = (pages: string[]): ExtractedPdf => ({
  pages: pages.map((text, i) => ({ num: i + 1, text })),
  totalPages: pages.length,
  truncated: false,
  info: {},
  layout: [],
  linkUrls: [],
});

describe('page quality', () => {
  it('reads real prose as readable: English, German, Chinese with English terms, a Chinese reference page', () => {
    expect(pageQuality(ENGLISH.repeat(3)).verdict).toBe('readable');
    expect(pageQuality(GERMAN.repeat(3)).verdict).toBe('readable');
    expect(pageQuality(`${CHINESE} BERT 和 GPT 模型 ${CHINESE}`.repeat(3)).verdict).toBe('readable');
    const references = Array.from({ length: 30 }, (_, i) => `[${i + 1}] Zhang J, Li H, Wang Y. 基于深度学习的文本分类方法[J]. 计算机学报, 2020, 43(5): 1-10.`).join('\n');
    expect(pageQuality(references).verdict).toBe('readable');
  });

  it('calls a page empty when it holds almost no letters (a figure page, a scan)', () => {
    expect(pageQuality('Figure 3\n12').verdict).toBe('empty');
  });

  it('calls each kind of broken layer garbled, for its own reason', () => {
    const cases: Array<[string, string]> = [
      ['\ue001\ue002\ue003 \ufffd\u0002'.repeat(60), 'unmapped'],
      // A broken map: Armenian, Arabic and Cyrillic letters side by side, inside an English page.
      [`${ENGLISH}${'Գجخ Жضط ԱՓر ФЫب '.repeat(40)}`, 'scripts'],
      // Rare ideographs (CJK Extension A) where common ones were printed.
      [Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x3400 + ((i * 37) % 6000))).join(''), 'rare_hanzi'],
      // A poor OCR layer: words broken into one- and two-letter fragments.
      ['Th e mo de l se le ct s th e se nt en ce s fo r ea ch qu es ti on an d pa ss es th em on '.repeat(8), 'fragments'],
      // A letter cipher: words of the right shape, none of them real.
      [ENGLISH.repeat(3).replace(/[a-z]/gu, (c) => String.fromCharCode(97 + (((c.charCodeAt(0) - 97) * 7 + 11) % 26))), 'not_words'],
    ];
    for (const [text, by] of cases) expect(pageQuality(text), by).toMatchObject({ verdict: 'garbled', by });
  });

  it('refuses a paper whose front pages are garbled, names the scripts, and tells a scan apart', () => {
    // Pages differ (identical lines on every page would be taken for running heads and dropped).
    const mojibake = (n: number) => `${CHINESE.slice(n, n + 20)}\n${'Գجخ Жضط ԱՓر ФЫب 㐀㐁䨻\n'.repeat(60 + n)}`;
    const english = (n: number) => `Page ${n}\n${ENGLISH.repeat(4 + n)}`;
    const garbled = assessTextLayer(pdfOf([mojibake(1), mojibake(2), english(3), english(4)]));
    expect(garbled.usable).toBe(false);
    expect(garbled.reason).toMatch(/^its text layer is garbled \(its fonts map to characters of scripts that do not belong together: (?:Armenian|Arabic|Cyrillic|Chinese), /u);
    expect(assessTextLayer(pdfOf(['', '', ''])).reason).toBe(NO_TEXT_REASONS.scanned);
    // One garbled page among readable front pages (an odd cover) does not refuse the paper.
    expect(assessTextLayer(pdfOf([mojibake(1), english(2), english(3), english(4)])).usable).toBe(true);
    // A blank or scanned cover is skipped: the front pages are the first pages with text.
    expect(assessTextLayer(pdfOf(['', english(2), english(3)])).usable).toBe(true);
  });
});

describe('page quality, character by character', () => {
  it('counts a character outside the BMP once, and a lone surrogate as no letter', () => {
    const astral = pageQuality('\u{20000}'.repeat(50));
    expect(astral.chars).toBe(50);
    expect(astral.letters).toBe(50);
    const lone = pageQuality('\ud800'.repeat(50));
    expect(lone.chars).toBe(50);
    expect(lone.letters).toBe(0);
  });

  it('tells word-shaped Latin words from letter soup by case and vowels', () => {
    const shaped = pageQuality('Paper PAPER paper '.repeat(20));
    expect(shaped.wordShaped).toBe(1);
    const soup = pageQuality('pAPER xkcdq BcdFg '.repeat(20));
    expect(soup.wordShaped).toBe(0);
    // "pAPER" is still the English word "paper", whatever its case.
    expect(soup.englishWords).toBeCloseTo(1 / 3);
  });
});
