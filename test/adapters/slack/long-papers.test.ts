/** Long real papers (../shared/papers, ≥ 30 pages), summarized by the real pipeline, fit every Slack limit. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBlocks, SLACK_LIMITS } from '../../../src/adapters/slack/render-blocks.ts';
import { loadExpected, PAPERS_DIR, sharedAvailable } from '../../helpers/shared.ts';
import { realPipeline } from '../../helpers/real-summarizer.ts';

const long = sharedAvailable ? loadExpected().filter((p) => p.pages >= 30 && p.has_text_layer) : [];

describe.skipIf(!sharedAvailable)('long papers in Slack', () => {
  let pipeline: ReturnType<typeof realPipeline>;
  beforeAll(() => {
    pipeline = realPipeline();
  });
  afterAll(() => pipeline?.close());

  it('has long papers to check', () => {
    expect(long.length).toBeGreaterThanOrEqual(2);
  });

  for (const paper of long) {
    for (const language of ['en', 'zh'] as const) {
      it(`${paper.file} (${paper.pages} pages, ${language}) fits in one Slack message`, async () => {
        const bytes = readFileSync(path.join(PAPERS_DIR, paper.file));
        const result = await pipeline.summarizer.summarize({ bytes, fileName: paper.file, language, engine: 'extractive' });
        const m = renderBlocks(result);
        expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
        let total = 0;
        for (const b of m.blocks) {
          if (b.type === 'header') {
            expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
            total += b.text.text.length;
          }
          if (b.type === 'section') {
            if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
            for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
            total += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((s, f) => s + f.text.length, 0);
          }
        }
        expect(total).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockChars);
        expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
        expect(m.blocks[0]!.type).toBe('header');
      });
    }
  }
});
