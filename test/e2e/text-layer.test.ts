/**
 * Text layers that are not what the page shows, through the real pipeline (parser child process,
 * structure stage, extractive engine): spaces that exist only as gaps between words are put back
 * and the paper is summarized; fonts with a wrong ToUnicode map are refused as no_text, in words
 * that say the layer is garbled rather than scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import type { PaperError } from '../../src/core/errors.ts';
import { assessTextLayer } from '../../src/core/structure/index.ts';
import { gluedWordsPdf, wrongToUnicodePdf } from '../fixtures/make-text-layer-pdfs.ts';
import { SAMPLE_TITLE } from '../fixtures/sample-paper-spec.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';

describe('text layers that are not what the page shows', () => {
  let p: TestPipeline;
  beforeAll(() => {
    p = realPipeline();
  });
  afterAll(() => p.close());

  const summarize = async (bytes: Uint8Array) =>
    p.summarizer.summarize({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'extractive', bypassCache: true });

  it('puts back the spaces a page encodes only as gaps between words, and summarizes it', async () => {
    const bytes = await gluedWordsPdf();
    const pdf = await p.extractor.extract(bytes, { maxPages: 50 });
    const page1 = pdf.pages[0]!.text;
    expect(page1).toContain('Question Answering over Long Scientific Documents');
    expect(page1).toContain('Mira Okafor, Daniel Reyes, Lena Hoffmann, Tomas Varga\n');
    // Every page, not only the first ones that keep layout items.
    for (const page of pdf.pages) expect(page.text.match(/[A-Za-z]{25,}/gu) ?? [], `page ${page.num}`).toEqual([]);
    expect(assessTextLayer(pdf)).toEqual({ usable: true, reason: null });

    const r = await summarize(bytes);
    expect(r.titleOriginal).toBe(SAMPLE_TITLE);
    expect(r.authors).toContain('Mira Okafor');
    for (const point of Object.values(r.summary)) {
      expect(point.length).toBeGreaterThan(40);
      expect(point.match(/[A-Za-z]{25,}/gu) ?? []).toEqual([]);
    }
  });

  it('refuses a font whose ToUnicode map gives letters of unrelated scripts, saying the layer is garbled', async () => {
    const err = (await summarize(await wrongToUnicodePdf('scripts')).catch((e: unknown) => e)) as PaperError;
    expect(err.code).toBe('no_text');
    const { message } = describeError(err);
    expect(message).toMatch(/text layer is garbled \(its fonts map to characters of scripts that do not belong together: /u);
    for (const script of ['Armenian', 'Cyrillic']) expect(message).toContain(script);
    expect(message).not.toMatch(/scanned/u);
  });

  it('refuses a font whose ToUnicode map turns the letters into a cipher', async () => {
    const err = (await summarize(await wrongToUnicodePdf('cipher')).catch((e: unknown) => e)) as PaperError;
    expect(err.code).toBe('no_text');
    expect(describeError(err).message).toContain('its text layer is garbled (its fonts do not map to real characters)');
  });
});
