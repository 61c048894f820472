/**
 * Issue 14, item 5: a cached summary is shared by every workspace, so nothing one request brings may be cached with
 * it. The first asker's paper link (a DOI that resolves to their own copy of the same bytes) must never reach the next
 * asker; each request sees its own link, or the one the paper itself carries. The real pipeline (production's factory:
 * pdf-parse process, openai client against a local fake, keyv), a real PDF.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, PaperRequest } from '../../src/core/types.ts';
import { makePaperPdf } from '../fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../fixtures/sample-paper-spec.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

const SAMPLE = new Uint8Array(readFileSync(path.join(REPO_ROOT, 'examples', 'sample-paper.pdf')));
const PLANTED = 'https://doi.org/10.5555/planted-by-the-first-asker';
const MINE = 'https://doi.org/10.1000/the-third-askers-own';

let fake: FakeOpenAi;
let pipeline: TestPipeline;
beforeAll(async () => {
  // The model names no paper link it could check: the link comes from the paper, or from the request.
  fake = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }).replace(/^5\. Urls: \S+,/m, '5. Urls: None,') }));
  pipeline = realPipeline({ baseURL: fake.baseURL });
});
afterAll(async () => {
  await pipeline?.close();
  await fake?.close();
});

const ask = (bytes: Uint8Array, engine: Engine, knownPaperUrl?: string) => {
  const req: PaperRequest = { bytes, fileName: 'paper.pdf', language: 'en', engine, ...(knownPaperUrl ? { knownPaperUrl } : {}) };
  return pipeline.summarizer.summarize(req);
};

describe('the paper link of a cached summary belongs to each request', () => {
  it.each<Engine>(['llm', 'extractive'])('%s: the second asker of the same bytes never sees the first asker\'s link', async (engine) => {
    const first = await ask(SAMPLE, engine, PLANTED);
    expect(first.cached).toBe(false);
    expect(first.links.paper).toBe(PLANTED); // the first asker sees the link they gave

    const second = await ask(SAMPLE, engine);
    expect(second.cached).toBe(true);
    expect(second.links.paper).toMatch(/^https:\/\/arxiv\.org\/abs\/2501\.04217(?:v\d+)?$/); // the paper's own id (SAMPLE_ARXIV_ID)

    const third = await ask(SAMPLE, engine, MINE);
    expect(third.cached).toBe(true);
    expect(third.links.paper).toBe(MINE);

    const fourth = await ask(SAMPLE, engine);
    expect(JSON.stringify(fourth)).not.toContain('10.5555');
    expect(JSON.stringify(fourth)).not.toContain('10.1000');
  });

  it('a paper without any identifier: the next asker gets no paper link rather than the planted one', async () => {
    const bytes = await makePaperPdf({ ...samplePaperSpec, arxivId: undefined, title: `${samplePaperSpec.title} (no identifier)` });
    const first = await ask(bytes, 'extractive', PLANTED);
    expect(first.links.paper).toBe(PLANTED);
    const second = await ask(bytes, 'extractive');
    expect(second.cached).toBe(true);
    expect(second.links.paper).toBeNull();
    expect(second.links.code).toBe(first.links.code); // the paper's own links are shared as before
  });
});
