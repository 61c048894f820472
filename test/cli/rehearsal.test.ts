/**
 * The rehearsal `paperbot summarize` runs while its first paper is in the parser child (src/commands/rehearsal.ts):
 * it goes through the whole post-parse path on the sample paper, and its data is what the parser gives today.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { rehearse } from '../../src/commands/rehearsal.ts';
import { REHEARSAL_PAPER } from '../../src/commands/rehearsal-paper.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { SAMPLE_TITLE, samplePaperSpec } from '../fixtures/sample-paper-spec.ts';

const extractor = createPdfExtractor({ poolSize: 1, ocrLangs: [] });
afterAll(() => extractor.close?.());

describe('the summarize rehearsal', () => {
  it('runs the text-layer check, the structure and the extractive summary on the sample paper', async () => {
    for (const language of ['en', 'zh'] as const) {
      const result = await rehearse(language);
      expect(result.titleOriginal).toBe(SAMPLE_TITLE);
      expect(result.authors).toEqual(samplePaperSpec.authors);
      expect(result.engine).toBe('extractive');
      expect(result.language).toBe(language);
      expect(result.summary.background.length).toBeGreaterThan(40);
    }
  });

  it('rehearses on the sample paper as the parser reads it today (else: npx tsx scripts/make-rehearsal-paper.ts)', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url)));
    expect(await extractor.extract(bytes, { maxPages: 50 })).toEqual(REHEARSAL_PAPER);
  });
});
