/**
 * OCR of pages without a usable text layer, through the real pipeline (parser child process, pdf.js rendering,
 * tesseract.js with the packaged language data, structure stage, extractive engine). Fixtures are made here: a scan
 * of the sample paper (its pages as pictures only) and the sample paper with fonts whose ToUnicode map is a cipher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import type { PaperError } from '../../src/core/errors.ts';
import type { ProgressEvent } from '../../src/core/types.ts';
import { imageBombPdf, imageOnlyPdf, samplePaper } from '../fixtures/hostile-pdfs.ts';
import { scannedPdf } from '../fixtures/make-scanned-pdf.ts';
import { wrongToUnicodePdf } from '../fixtures/make-text-layer-pdfs.ts';
import { SAMPLE_TITLE } from '../fixtures/sample-paper-spec.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';

const OCR_TEST_MS = 150_000;

describe('OCR of unreadable pages', () => {
  let ocr: TestPipeline;
  let off: TestPipeline;
  beforeAll(() => {
    ocr = realPipeline({ env: { OCR: 'auto', OCR_MAX_PAGES: '2' } });
    off = realPipeline({ env: { OCR: 'off' } });
  });
  afterAll(async () => {
    await ocr.close();
    await off.close();
  });

  const summarize = (p: TestPipeline, bytes: Uint8Array, events: ProgressEvent[] = []) =>
    p.summarizer.summarize({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'extractive', bypassCache: true }, (e) => events.push(e));

  it(
    'summarizes a scanned paper from OCR: the printed title, the authors, and progress page by page',
    async () => {
      const scan = await scannedPdf(await samplePaper(), { pages: [1, 2], dpi: 200 });
      const pdf = await ocr.extractor.extract(scan, { maxPages: 10 });
      expect(pdf.pages.map((p) => p.text.trim())).toEqual(['', '']);

      const events: ProgressEvent[] = [];
      const r = await summarize(ocr, scan, events);
      expect(r.titleOriginal).toBe(SAMPLE_TITLE);
      expect(r.authors).toEqual(expect.arrayContaining(['Mira Okafor', 'Daniel Reyes', 'Lena Hoffmann']));
      expect(r.authors).toHaveLength(4);
      expect(r.affiliation).toMatch(/^Department of Computer Science, Northbridge University/u);
      for (const point of Object.values(r.summary)) expect(point.length).toBeGreaterThan(40);
      expect(events.filter((e) => e.stage === 'recognizing')).toEqual([
        { stage: 'recognizing', page: 1, pages: 2 },
        { stage: 'recognizing', page: 2, pages: 2 },
      ]);
      // Recognizing comes after reading and before summarizing.
      const stages = events.map((e) => e.stage);
      expect(stages.indexOf('reading')).toBeLessThan(stages.indexOf('recognizing'));
      expect(stages.lastIndexOf('recognizing')).toBeLessThan(stages.indexOf('summarizing'));
    },
    OCR_TEST_MS,
  );

  it(
    'reads pages whose fonts map to the wrong characters from what the page shows',
    async () => {
      const bytes = await wrongToUnicodePdf('cipher');
      const r = await summarize(ocr, bytes);
      expect(r.titleOriginal).toBe(SAMPLE_TITLE);
      expect(r.authors).toEqual(['Mira Okafor', 'Daniel Reyes', 'Lena Hoffmann', 'Tomas Varga']);
    },
    OCR_TEST_MS,
  );

  it(
    'answers no_text in words when OCR finds nothing to read, and when OCR is off',
    async () => {
      const blank = await imageOnlyPdf(1);
      const failed = (await summarize(ocr, blank).catch((e: unknown) => e)) as PaperError;
      expect(failed.code).toBe('no_text');
      expect(describeError(failed).message).toBe(
        'This PDF has no usable text layer: it looks scanned (its pages are images, with no text layer), and OCR could not read it either. ' +
          'A clearer scan may work; or run OCR on it yourself (e.g. ocrmypdf --force-ocr) and send it again.',
      );

      const scan = await scannedPdf(await samplePaper(), { pages: [1], dpi: 100 });
      const offErr = (await summarize(off, scan).catch((e: unknown) => e)) as PaperError;
      expect(offErr.code).toBe('no_text');
      expect(describeError(offErr).message).toContain('with no text layer). OCR is turned off here. Run OCR on it first');
    },
    OCR_TEST_MS,
  );

  it(
    'stops a picture that unpacks past the memory limit when rendered (an image bomb): no_text in words, and keeps serving',
    async () => {
      const started = Date.now();
      const err = (await summarize(ocr, imageBombPdf()).catch((e: unknown) => e)) as PaperError;
      expect(err.code).toBe('no_text');
      expect(describeError(err).message).toContain('and OCR needed more memory than allowed');
      // Stopped by the resident-memory watch, long before the OCR time budget.
      expect(Date.now() - started).toBeLessThan(30_000);
      // The next paper is read by a fresh parser child.
      const ok = await summarize(ocr, await samplePaper());
      expect(ok.titleOriginal).toBe(SAMPLE_TITLE);
    },
    OCR_TEST_MS,
  );
});
