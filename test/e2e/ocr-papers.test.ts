/**
 * OCR on real papers from ../shared/papers: every paper there without a text layer is summarized from OCR with its
 * printed title; a Chinese journal page, scanned here, is read with the Chinese model chosen by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannedPdf } from '../fixtures/make-scanned-pdf.ts';
import { similarity, titleMatches } from '../helpers/match.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';
import { loadExpected, readPaper, sharedAvailable } from '../helpers/shared.ts';

describe.skipIf(!sharedAvailable)('OCR of real papers', () => {
  let p: TestPipeline;
  beforeAll(() => {
    p = realPipeline({ env: { OCR: 'auto', OCR_MAX_PAGES: '3' } });
  });
  afterAll(() => p.close());

  it('summarizes every scanned paper from OCR with its printed title', async () => {
    const scans = loadExpected().filter((e) => !e.has_text_layer);
    expect(scans.length).toBeGreaterThan(0);
    for (const exp of scans) {
      const r = await p.summarizer.summarize({ bytes: readPaper(exp.file), fileName: exp.file, language: 'en', engine: 'extractive', bypassCache: true });
      expect(titleMatches(r.titleOriginal, exp.title), `${exp.file}: ${r.titleOriginal}`).toBe(true);
      for (const point of Object.values(r.summary)) expect(point.length, exp.file).toBeGreaterThan(20);
    }
  }, 180_000);

  it('reads a scanned Chinese journal page with the Chinese model, chosen from the page itself', async () => {
    // A full Chinese journal article: not a thesis (its first page is a cover) and not the two-page template sample,
    // whose Chinese fonts are not embedded in the PDF, so no renderer without those fonts shows its characters.
    const zh = loadExpected().filter((e) => e.language === 'zh' && e.has_text_layer && e.pages > 3 && e.pages < 20);
    expect(zh.length).toBeGreaterThan(0);
    const exp = zh[0]!;
    const scan = await scannedPdf(new Uint8Array(readPaper(exp.file)), { pages: [1], dpi: 300 });
    const out = await p.extractor.recognize!(scan, { pages: [1], script: null, budgetMs: 120_000 });
    expect(out.pages[0]!.langs).toBe('chi_sim+eng');
    const text = out.pages[0]!.text;
    expect((text.match(/[\u4e00-\u9fff]/gu) ?? []).length).toBeGreaterThan(300);
    const bestLine = Math.max(...text.split('\n').map((l) => similarity(l.replace(/\s/gu, ''), exp.title.replace(/\s/gu, ''))));
    expect(bestLine, text.slice(0, 400)).toBeGreaterThan(0.6);
  }, 180_000);
});
