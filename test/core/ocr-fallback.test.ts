/**
 * Which pages OCR reads and in what calls: front pages first, then as many more as the model's budget needs, within
 * OCR_MAX_PAGES and the time budget; failures become plain words. The extractor is a fake of our own port.
 */
import { describe, expect, it } from 'vitest';
import { PaperError } from '../../src/core/errors.ts';
import { pagesToRecognize, recognizePages, withRecognized, type OcrSettings } from '../../src/core/pipeline/ocr-fallback.ts';
import type { OcrRequest, TextExtractor } from '../../src/core/ports.ts';
import { assessTextLayer, pageQualities } from '../../src/core/structure/text-layer.ts';
import type { ExtractedPdf, OcrOutcome, OcrPage, ProgressEvent } from '../../src/core/types.ts';

const WORDS = 'the model reads each sentence of the paper and selects evidence for the question while keeping order '.repeat(6);

function pdfOf(texts: string[]): ExtractedPdf {
  return {
    pages: texts.map((text, i) => ({ num: i + 1, text })),
    totalPages: texts.length,
    truncated: false,
    info: {},
    layout: texts.slice(0, 3).map((_, i) => ({ num: i + 1, width: 612, height: 792, items: [] })),
    linkUrls: [],
  };
}

const page = (num: number, confidence = 90): OcrPage => ({
  num,
  text: `Page ${num}. ${WORDS}`,
  layout: { num, width: 612, height: 792, items: [{ str: `Page ${num}`, x: 72, y: 700, width: 100, height: 12, fontSize: 12, fontName: 'ocr' }] },
  confidence,
  langs: 'eng',
  ms: 1000,
});

function fakeExtractor(answer: (req: OcrRequest) => OcrPage[] | Error | OcrOutcome) {
  const calls: OcrRequest[] = [];
  const extractor: TextExtractor = {
    extract: () => Promise.reject(new Error('not used')),
    async recognize(_bytes, req, onPage) {
      calls.push(req);
      const out = answer(req);
      if (out instanceof Error) throw out;
      if (!Array.isArray(out)) return out;
      out.forEach((p, i) => onPage?.(p.num, i));
      return { pages: out, skipped: [] };
    },
  };
  return { extractor, calls };
}

const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;
const tokenizer = { count: words };
const settings: OcrSettings = { mode: 'auto', maxPages: 12, timeoutMs: 120_000 };
const scanned = (n: number) => pdfOf(Array.from({ length: n }, () => ''));

describe('pagesToRecognize', () => {
  const readable = pdfOf([WORDS, '', WORDS, 'Жж Ԁԁ Ճճ Ֆֆ Ъъ Ԉԉ Մմ Յյ Նն Շշ Ոո Չչ Պպ Ջջ Ռռ Սս Վվ Տտ Րր Ցց Ււ Փփ Քք Օօ '.repeat(8)]);
  const pick = (pdf: ExtractedPdf, s: Partial<OcrSettings>) => pagesToRecognize(pdf, pageQualities(pdf), assessTextLayer(pdf), { ...settings, ...s });

  it('reads nothing with OCR off', () => {
    expect(pick(scanned(5), { mode: 'off' })).toEqual([]);
  });
  it('reads every page of a scan, up to OCR_MAX_PAGES', () => {
    expect(pick(scanned(20), {})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(pick(scanned(20), { maxPages: 2 })).toEqual([1, 2]);
  });
  it('in a paper that reads well, reads only garbled pages and leaves image-only pages (figures) alone', () => {
    expect(assessTextLayer(readable).usable).toBe(true);
    expect(pick(readable, {})).toEqual([4]);
  });
  it('reads every page in force mode', () => {
    expect(pick(readable, { mode: 'force' })).toEqual([1, 2, 3, 4]);
  });
});

describe('recognizePages', () => {
  it('reads the front pages first, then as many pages as the token budget needs, and reports progress over all', async () => {
    const { extractor, calls } = fakeExtractor((req) => req.pages.map((n) => page(n)));
    const events: ProgressEvent[] = [];
    const perPage = words(page(1).text);
    const pdf = scanned(12);
    const run = await recognizePages(new Uint8Array(), pdf, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], pageQualities(pdf), { extractor, tokenizer, settings, maxInputTokens: 6 * perPage }, (e) => events.push(e));
    expect(calls.map((c) => c.pages)).toEqual([
      [1, 2, 3],
      // 6 pages' worth of budget × 1.25 = 7.5 pages: 3 read, 5 more.
      [4, 5, 6, 7, 8],
    ]);
    expect(run.problem).toBeNull();
    expect(run.pdf.pages.slice(0, 8).every((p) => p.text.startsWith(`Page ${p.num}.`))).toBe(true);
    expect(run.pdf.pages[8]!.text).toBe('');
    expect(run.pdf.layout.map((l) => l.items[0]?.str)).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(events).toContainEqual({ stage: 'recognizing', page: 1, pages: 12 });
    expect(events).toContainEqual({ stage: 'recognizing', page: 8, pages: 12 });
    // Each call's time budget is what is left of OCR_TIMEOUT_S.
    expect(calls[1]!.budgetMs).toBeLessThanOrEqual(calls[0]!.budgetMs);
  });

  it('tells the script of the readable pages, so the first page tries the right languages first', async () => {
    const { extractor, calls } = fakeExtractor((req) => req.pages.map((n) => page(n)));
    const zh = pdfOf(['本文研究了复发事件下一般半参数比率回归模型的估计方法，并给出了估计量的渐近性质和模拟结果。'.repeat(4), '']);
    await recognizePages(new Uint8Array(), zh, [2], pageQualities(zh), { extractor, tokenizer, settings, maxInputTokens: 8000 }, () => {});
    expect(calls[0]!.script).toBe('cjk');
    await recognizePages(new Uint8Array(), scanned(2), [1, 2], pageQualities(scanned(2)), { extractor, tokenizer, settings, maxInputTokens: 8000 }, () => {});
    expect(calls[1]!.script).toBeNull();
  });

  it('keeps the text layer where OCR is unsure of a whole page', () => {
    const pdf = scanned(2);
    const out = withRecognized(pdf, [page(1, 12), page(2, 80)]);
    expect(out.pages[0]!.text).toBe('');
    expect(out.pages[1]!.text).toContain('Page 2.');
  });

  it('turns a time-out or a memory stop into words, and keeps what was read', async () => {
    for (const [err, words] of [
      [new PaperError('timeout', { stage: 'recognizing the scanned pages', seconds: 120 }), 'took longer than allowed'],
      [new PaperError('too_large', { reason: 'memory' }), 'needed more memory than allowed'],
    ] as const) {
      const { extractor } = fakeExtractor(() => err);
      const pdf = scanned(3);
      const run = await recognizePages(new Uint8Array(), pdf, [1, 2, 3], pageQualities(pdf), { extractor, tokenizer, settings, maxInputTokens: 8000 }, () => {});
      expect(run.problem).toBe(words);
      expect(run.pdf).toBe(pdf);
    }
  });

  it('keeps the pages read before a memory stop, and says why the rest were not', async () => {
    const { extractor, calls } = fakeExtractor(() => ({ pages: [page(1)], skipped: [2, 3], stoppedBy: 'memory' }));
    const pdf = scanned(6);
    const run = await recognizePages(new Uint8Array(), pdf, [1, 2, 3, 4, 5, 6], pageQualities(pdf), { extractor, tokenizer, settings, maxInputTokens: 8000 }, () => {});
    expect(run.problem).toBe('needed more memory than allowed');
    expect(run.pdf.pages[0]!.text).toContain('Page 1.');
    // No second call after a stop.
    expect(calls).toHaveLength(1);
  });

  it('lets other failures through (a bug must not look like a bad scan)', async () => {
    const { extractor } = fakeExtractor(() => new TypeError('boom'));
    const pdf = scanned(1);
    await expect(recognizePages(new Uint8Array(), pdf, [1], pageQualities(pdf), { extractor, tokenizer, settings, maxInputTokens: 8000 }, () => {})).rejects.toThrow('boom');
  });
});
