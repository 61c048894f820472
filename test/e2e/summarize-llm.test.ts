/**
 * The whole pipeline end to end: real PDF, real pdf-parse worker, real openai client against a local
 * chat-completions server, real keyv cache (SQLite file).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperError } from '../../src/core/errors.ts';
import type { PaperRequest } from '../../src/core/types.ts';
import { loadPrompts } from '../../src/services/prompt-files.ts';
import { createTokenizer } from '../../src/services/tokenizer.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply, paperBlock } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';

const SAMPLE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'sample-paper.pdf');
const bytes = new Uint8Array(readFileSync(SAMPLE));
const prompts = loadPrompts();
const tokenizer = createTokenizer();

let fake: FakeOpenAi;
let pipeline: TestPipeline;
const request = (over: Partial<PaperRequest> = {}): PaperRequest => ({ bytes, fileName: 'sample-paper.pdf', language: 'zh', engine: 'llm', ...over });

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-e2e-'));
  pipeline = realPipeline({ baseURL: fake.baseURL, cacheUrl: `sqlite://${path.join(dir, 'cache.sqlite')}` });
});
afterAll(async () => {
  await pipeline.close();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback = (req) => ({ reply: goodReply(req) });
});

describe('summarize with a model', () => {
  it('sends system prompt, instruction and budgeted paper text; parses and verifies the reply; second run is cached', async () => {
    const first = await pipeline.summarizer.summarize(request());
    expect(fake.requests).toHaveLength(1);
    const [system, user] = fake.requests[0]!.body.messages;
    expect(system).toEqual({ role: 'system', content: prompts.system });
    expect(user!.content).toContain(prompts.format.zh.split('\n')[0]!);
    expect(user!.content).toContain('6. 按以下四点进行总结');
    const sent = paperBlock(fake.requests[0]!);
    expect(sent).toMatch(/## Abstract\n/);
    expect(sent).toMatch(/## \d+ Method/i);
    expect(sent).toMatch(/## \d+ (Results|Experiments)/i);
    expect(sent).toMatch(/## \d+ Conclusion/i);
    expect(tokenizer.count(sent)).toBeLessThanOrEqual(8000);

    expect(first.engine).toBe('llm');
    expect(first.model).toBe('test-model');
    expect(first.cached).toBe(false);
    expect(first.title).toBe('关于论文的中文标题');
    expect(first.titleOriginal.length).toBeGreaterThan(10);
    expect(first.summary.method).toContain('section-aware budgeting');
    expect(first.links.code).toMatch(/^https:\/\/github\.com\//);
    expect(first.usage).toEqual({ inputTokens: 1000, outputTokens: 200, requests: 1 });
    expect(first.source.pages).toBeGreaterThanOrEqual(3);

    const second = await pipeline.summarizer.summarize(request());
    expect(fake.requests).toHaveLength(1); // no new model request
    expect(second.cached).toBe(true);
    expect({ ...second, cached: false }).toEqual(first);
  });

  it('replaces a code link that the paper does not contain by None', async () => {
    fake.fallback = (req) => ({ reply: goodReply(req, { codeLink: 'https://github.com/someone/not-in-the-paper' }) });
    const r = await pipeline.summarizer.summarize(request({ language: 'en', bypassCache: true }));
    expect(r.links.code).toBeNull();
  });

  it('asks once for exactly the missing items and merges them', async () => {
    fake.fallback = (req) =>
      fake.requests.length === 1
        ? { reply: goodReply(req, { omit: ['4', '(3)'] }) }
        : { reply: '4. 关键词: budgeting, retrieval\n  (3): 本文提出了逐节预算（section budgets）。' };
    const r = await pipeline.summarizer.summarize(request({ bypassCache: true }));
    expect(fake.requests).toHaveLength(2);
    const repair = fake.requests[1]!.body.messages;
    expect(repair.at(-2)?.role).toBe('assistant'); // the first reply is shown back
    const ask = repair.at(-1)!.content;
    expect(ask).toContain('4. 关键词');
    expect(ask).toContain('(3)');
    expect(ask).not.toContain('(1)');
    expect(r.keywords).toEqual(['budgeting', 'retrieval']);
    expect(r.summary.method).toContain('逐节预算');
    expect(r.summary.background).toContain('长文档理解');
    expect(r.usage?.requests).toBe(2);
  });

  it('fails with llm_failed after one unsuccessful repair, and caches nothing', async () => {
    fake.fallback = () => ({ reply: 'Please refer to relevant websites for more information, and feel free to ask me any other questions.' });
    const fresh = new Uint8Array(Buffer.concat([Buffer.from(bytes), Buffer.from('\n% variant for this test\n')]));
    const err = (await pipeline.summarizer.summarize(request({ bytes: fresh })).catch((e: unknown) => e)) as PaperError;
    expect(err.code).toBe('llm_failed');
    expect(fake.requests).toHaveLength(2); // the first request and exactly one follow-up
    // Nothing half-made was cached: a good model now answers, and it is asked again.
    fake.fallback = (req) => ({ reply: goodReply(req) });
    fake.requests.length = 0;
    const ok = await pipeline.summarizer.summarize(request({ bytes: fresh }));
    expect(ok.cached).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a 429 with Retry-After and then succeeds', async () => {
    fake.script({ status: 429, headers: { 'retry-after': '0' } });
    const r = await pipeline.summarizer.summarize(request({ bypassCache: true }));
    expect(fake.requests).toHaveLength(2);
    expect(r.summary.results).toContain('4.2');
  });

  it('sends English instructions and gets an English summary with --lang en', async () => {
    const r = await pipeline.summarizer.summarize(request({ language: 'en', bypassCache: true }));
    expect(fake.requests[0]!.body.messages[1]!.content).toContain('Be sure to answer in English');
    expect(r.language).toBe('en');
    expect(r.summary.background).toBe('Long-document understanding matters.');
  });
});
