/**
 * What the summarizer keeps for questions and evidence: the paper's page-tagged passages in the cache, and the pages
 * each summary point draws on — found only in the text that was actually sent to the model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksIn, loadPaperIndex } from '../../src/core/qa/paper-index-store.ts';
import { splitSentences } from '../../src/core/pipeline/text-units.ts';
import { VERSION } from '../../src/version.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { paperBlock } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';

const bytes = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'sample-paper.pdf')));

/** A model that writes each point from the sent paper: point i quotes the first sentence of the i-th section block. */
function quotingReply(paper: string): string {
  const blocks = [...paper.matchAll(/^## (.+?)(?: \[p\. (\d+)\])?\n([\s\S]*?)(?=\n## |$)/gm)].filter((m) => m[2]);
  const quote = (i: number) => splitSentences(blocks[Math.min(i, blocks.length - 1)]![3]!)[0] ?? '';
  return [
    '1. Title: A title',
    '2. Authors: A. Author',
    '3. Affiliation: A University',
    '4. Keywords: a, b',
    '5. Urls: None, Github: None',
    '6. Summary:',
    `  (1): ${quote(0)}`,
    `  (2): ${quote(1)}`,
    `  (3): ${quote(2)}`,
    `  (4): ${quote(3)}`,
  ].join('\n');
}

let fake: FakeOpenAi;
let pipeline: TestPipeline;
let extractive: TestPipeline;
beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({ reply: quotingReply(paperBlock(req)) }));
  // A small budget, so that only part of the paper is sent.
  pipeline = realPipeline({ baseURL: fake.baseURL, env: { MAX_INPUT_TOKENS: '900' } });
  extractive = realPipeline();
});
afterAll(async () => {
  await pipeline.close();
  await extractive.close();
  await fake.close();
});

describe('paper index and point sources', () => {
  it('keeps the paper\'s passages with pages in the cache for later questions', async () => {
    const r = await extractive.summarizer.summarize({ bytes, fileName: 'p.pdf', language: 'en', engine: 'extractive' });
    const index = await loadPaperIndex(extractive.cache, r.source.sha256, VERSION);
    expect(index?.sha256).toBe(r.source.sha256);
    expect(index!.chunks.length).toBeGreaterThan(5);
    expect(new Set(index!.chunks.map((c) => c.page)).size).toBeGreaterThan(1);
    const withPages = Object.values(r.sources!).filter((pages) => pages.length > 0);
    expect(withPages.length).toBeGreaterThanOrEqual(3);
  });

  it('takes the sources of a model summary only from the passages that were sent', async () => {
    const r = await pipeline.summarizer.summarize({ bytes, fileName: 'p.pdf', language: 'en', engine: 'llm' });
    const sent = paperBlock(fake.requests[0]!);
    const index = (await loadPaperIndex(pipeline.cache, r.source.sha256, VERSION))!;
    const sentPages = new Set(chunksIn(sent, index.chunks).map((c) => c.page));
    const allPages = new Set(index.chunks.map((c) => c.page));
    expect(sentPages.size).toBeLessThan(allPages.size); // the budget left pages out
    const cited = Object.values(r.sources!).flat();
    expect(cited.length).toBeGreaterThan(0);
    for (const p of cited) expect(sentPages.has(p)).toBe(true);
    // The method point quotes the third block sent; its page is among the method point's sources.
    const third = [...sent.matchAll(/^## .+? \[p\. (\d+)\]$/gm)][2];
    expect(r.sources!.method).toContain(Number(third![1]));
  });
});
