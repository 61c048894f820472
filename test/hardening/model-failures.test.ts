/**
 * Model failures end to end, as `paperbot` builds them (createServices: real openai client, model guard, real
 * summarizer, memory cache) against the local fake OpenAI server: each failure ends in a clear code and message after
 * a bounded number of requests, and nothing failed or partial is ever cached.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { PaperError } from '../../src/core/errors.ts';
import type { PaperRequest, SummaryResult } from '../../src/core/types.ts';
import { createServices, type Services } from '../../src/services/create-services.ts';
import { startFakeOpenAi, type FakeOpenAi, type Scripted } from '../helpers/fake-openai.ts';
import { freePort } from '../helpers/free-port.ts';
import { goodReply } from '../helpers/model-replies.ts';

const SAMPLE = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'sample-paper.pdf')));
let papers = 0;
/** The sample paper with a unique trailing comment: a paper no cache has seen. */
const freshPaper = () => new Uint8Array(Buffer.concat([Buffer.from(SAMPLE), Buffer.from(`\n% model-failures ${++papers}\n`)]));
const request = (bytes: Uint8Array, over: Partial<PaperRequest> = {}): PaperRequest => ({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'llm', ...over });

let fake: FakeOpenAi;
let opened: Services[] = [];
const healthy = () => {
  fake.fallback = (req) => ({ reply: goodReply(req) });
};

/** paperbot's services on the fake model; each test gets its own (the circuit and the limit are per process). */
function services(env: Record<string, string> = {}): Services {
  const s = createServices(
    loadConfig({
      CACHE_URL: 'memory:',
      OPENAI_API_KEY: 'sk-test-not-a-real-key',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL: 'test-model',
      LLM_TIMEOUT_S: '1',
      LLM_MAX_RETRIES: '1',
      LLM_CIRCUIT_FAILURES: '50',
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  opened.push(s);
  return s;
}

async function failure(p: Promise<unknown>): Promise<PaperError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(err instanceof PaperError)) throw err;
  return err;
}

/** Fails as expected, and the same paper then goes to the (now healthy) model again: nothing was cached. */
async function expectNothingCached(s: Services, bytes: Uint8Array): Promise<SummaryResult> {
  healthy();
  const before = fake.requests.length;
  const ok = await s.summarizer.summarize(request(bytes));
  expect(ok.cached).toBe(false);
  expect(fake.requests.length - before).toBe(1);
  // …and a complete summary is cached.
  const again = await s.summarizer.summarize(request(bytes));
  expect(again.cached).toBe(true);
  expect(fake.requests.length - before).toBe(1);
  return ok;
}

const times = (n: number, s: Scripted): Scripted[] => Array.from({ length: n }, () => s);

beforeEach(async () => {
  fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
});
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
  await fake.close();
});

describe('transport failures: bounded retries, then a clear code; nothing cached', () => {
  it('a model that hangs: each attempt times out (LLM_TIMEOUT_S) and a timeout is retried only once, then llm_failed', async () => {
    const s = services({ LLM_MAX_RETRIES: '3' });
    const paper = freshPaper();
    fake.script(...times(2, { hang: true })); // a third attempt would get a good answer: it must not be made
    const started = Date.now();
    const err = await failure(s.summarizer.summarize(request(paper)));
    // Two 1 s attempts and a backoff end it (the fake never answers): 10 s leaves room for a loaded machine (seen: 5.0 s).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err.code).toBe('llm_failed');
    expect(fake.requests).toHaveLength(2);
    expect(describeError(err).message).toBe('The language model could not produce a complete summary (the model did not answer in time). Try again later.');
    await expectNothingCached(s, paper);
  });

  it('HTTP 500 every time: 1 + LLM_MAX_RETRIES requests with backoff, then llm_failed', async () => {
    const s = services({ LLM_MAX_RETRIES: '2' });
    const paper = freshPaper();
    fake.script(...times(3, { status: 500, error: 'upstream exploded' }));
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.code).toBe('llm_failed');
    expect(err.data.status).toBe(500);
    expect(fake.requests).toHaveLength(3);
    expect(describeError(err).message).not.toContain('upstream exploded');
    await expectNothingCached(s, paper);
  });

  it('the server closes the connection without an answer: retried, then llm_failed', async () => {
    const s = services();
    const paper = freshPaper();
    fake.script(...times(2, { destroy: true }));
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.code).toBe('llm_failed');
    expect(err.data.reason).toBe('could not reach the model endpoint');
    expect(fake.requests).toHaveLength(2);
    await expectNothingCached(s, paper);
  });

  it('connection refused (nothing listens on the port): llm_failed in plain words', async () => {
    const s = services({ OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` });
    const err = await failure(s.summarizer.summarize(request(freshPaper())));
    expect(err.code).toBe('llm_failed');
    expect(describeError(err).message).toBe('The language model could not produce a complete summary (could not reach the model endpoint). Try again later.');
  });
});

describe('429 and Retry-After', () => {
  it('waits the Retry-After seconds, then succeeds', async () => {
    const s = services();
    fake.script({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const r = await s.summarizer.summarize(request(freshPaper()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests).toHaveLength(2);
    expect(r.usage?.requests).toBe(1);
  });

  it('still limited after the retries: rate_limited with the wait, and the paper is not cached', async () => {
    const s = services();
    const paper = freshPaper();
    fake.script(...times(2, { status: 429, headers: { 'retry-after': '1' } }));
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.code).toBe('rate_limited');
    expect(err.data.retryAfterSeconds).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(describeError(err).message).toBe('The language model is rate-limited right now. Try again in about 1 second.');
    await expectNothingCached(s, paper);
  });

  it('a 503 with retry-after-ms is retried after that wait', async () => {
    const s = services();
    fake.script({ status: 503, headers: { 'retry-after-ms': '400' } });
    const started = Date.now();
    await s.summarizer.summarize(request(freshPaper()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(fake.requests).toHaveLength(2);
  });

  it('a Retry-After beyond the cap (30 s) is not waited for: the user hears it at once', async () => {
    const s = services();
    fake.script({ status: 429, headers: { 'retry-after': '120' } });
    const started = Date.now();
    const err = await failure(s.summarizer.summarize(request(freshPaper())));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.requests).toHaveLength(1);
    expect(err.code).toBe('rate_limited');
    expect(describeError(err).message).toBe('The language model is rate-limited right now. Try again in about 2 minutes.');
  });
});

describe('bad answers: never cached', () => {
  it('finish_reason "length": the cut-off point is asked for again, and the complete summary is cached', async () => {
    const s = services();
    const paper = freshPaper();
    fake.fallback = (req) =>
      fake.requests.length === 1
        ? { reply: goodReply(req).replace(/which supports the goal\.$/, 'which sup'), finishReason: 'length' }
        : { reply: '  (4): F1 improves by 4.2 on the benchmark, which supports the goal.' };
    const r = await s.summarizer.summarize(request(paper));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.at(-1)!.content).toContain('(4)');
    expect(r.summary.results).toBe('F1 improves by 4.2 on the benchmark, which supports the goal.');
    expect((await s.summarizer.summarize(request(paper))).cached).toBe(true);
  });

  it('finish_reason "length" twice: llm_failed, the partial summary is not cached', async () => {
    const s = services();
    const paper = freshPaper();
    fake.fallback = (req) => ({ reply: goodReply(req).replace(/which supports the goal\.$/, 'which sup'), finishReason: 'length' });
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.code).toBe('llm_failed');
    expect(fake.requests).toHaveLength(2);
    await expectNothingCached(s, paper);
  });

  it('empty content (null or blank) twice: one fresh follow-up, then llm_failed, not cached', async () => {
    const s = services();
    const paper = freshPaper();
    fake.script({ reply: null }, { reply: '\n  \n' });
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.data.reason).toBe('empty');
    expect(fake.requests).toHaveLength(2);
    expect(describeError(err).message).toBe('The language model sent back an empty answer. Try again in a few minutes.');
    await expectNothingCached(s, paper);
  });

  it("a refusal (\"I'm sorry, but I can't help with that\") gets one fresh request restating the task; its summary is accepted", async () => {
    const s = services();
    const paper = freshPaper();
    fake.script({ reply: "I'm sorry, but I can't help with that." });
    const r = await s.summarizer.summarize(request(paper));
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map((q) => q.body.messages);
    // A fresh request: the same system prompt and paper, a reminder of the task; the refusal is not replayed.
    expect(second!.map((m) => m.role)).toEqual(['system', 'user']);
    expect(second![0]).toEqual(first![0]);
    expect(second![1]!.content.startsWith(first![1]!.content)).toBe(true);
    expect(second![1]!.content).toContain('Your previous answer did not give the summary.');
    expect(JSON.stringify(second)).not.toContain("I can't help with that");
    expect(r.summary.results).toBe('F1 improves by 4.2 on the benchmark, which supports the goal.');
    expect(r.usage).toMatchObject({ requests: 2 });
    expect((await s.summarizer.summarize(request(paper))).cached).toBe(true);
  });

  it('a refusal, and a content-filter stop, twice: llm_failed refused after exactly two requests, not cached', async () => {
    const s = services();
    const paper = freshPaper();
    fake.script({ reply: "I'm sorry, but I can't help with that." }, { reply: '', finishReason: 'content_filter' });
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.code).toBe('llm_failed');
    expect(err.data.reason).toBe('refused');
    expect(fake.requests).toHaveLength(2);
    expect(describeError(err).message).toBe('The language model declined to summarize this paper. Try again later, or with another model.');
    await expectNothingCached(s, paper);
  });

  it('a blank template (xxx in every slot) gets the fresh request too, not a repair of the template', async () => {
    const s = services();
    const paper = freshPaper();
    const template = '1. Title: xxx\n2. Authors: xxx\n3. Affiliation: xxx\n4. Keywords: xxx\n5. Urls: xxx, Github: xxx\n6. Summary:\n  (1): xxx\n  (2): xxx\n  (3): xxx\n  (4): xxx';
    fake.script({ reply: template });
    const r = await s.summarizer.summarize(request(paper));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(r.summary.method).toContain('section-aware budgeting');
  });

  it('run-away repetition (the same sentence 200 times): cut, the looping point asked for again, a clean summary cached', async () => {
    const s = services();
    const paper = freshPaper();
    const loop = 'The results are very good. '.repeat(200);
    fake.fallback = (req) =>
      fake.requests.length === 1
        ? { reply: `${goodReply(req).replace(/\(4\): .*$/, '(4): F1 improves by 4.2.')} ${loop}`, finishReason: 'length' }
        : { reply: '  (4): F1 improves by 4.2 on the benchmark, which supports the goal.' };
    const r = await s.summarizer.summarize(request(paper));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.at(-2)!.content).not.toContain('The results are very good. The results'); // the loop is not sent back
    expect(r.summary.results).toBe('F1 improves by 4.2 on the benchmark, which supports the goal.');
    expect((await s.summarizer.summarize(request(paper))).cached).toBe(true);
  });

  it('a reply that is nothing but a loop, twice: llm_failed unusable after the one follow-up, not cached', async () => {
    const s = services();
    const paper = freshPaper();
    const loop = { reply: 'The results are very good. '.repeat(200), finishReason: 'length' };
    fake.script(loop, loop);
    const err = await failure(s.summarizer.summarize(request(paper)));
    expect(err.data.reason).toBe('unusable');
    expect(fake.requests).toHaveLength(2);
    await expectNothingCached(s, paper);
  });
});

describe('shared endpoint protection', () => {
  it('10 summaries at once: never more than MODEL_CONCURRENCY requests in flight', async () => {
    const s = services({ MODEL_CONCURRENCY: '3', LLM_TIMEOUT_S: '10' });
    // Answers are held until the limit is reached (or all ten have arrived), so the test sees the limit, not luck.
    fake.gate = async () => {
      const until = Date.now() + 3000;
      while (fake.inFlight < 3 && fake.requests.length < 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => s.summarizer.summarize(request(freshPaper()))));
    expect(results.every((r) => r.engine === 'llm' && !r.cached)).toBe(true);
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBe(3);
  });

  it('a dead endpoint opens the circuit: later calls fail at once without a request, one probe after the cool-down', async () => {
    const s = services({ LLM_CIRCUIT_FAILURES: '2', LLM_CIRCUIT_COOLDOWN_S: '1' });
    fake.fallback = () => ({ status: 503 });
    for (let i = 0; i < 2; i++) expect((await failure(s.summarizer.summarize(request(freshPaper())))).data.status).toBe(503);
    expect(fake.requests).toHaveLength(4); // 2 summaries × (1 + 1 retry)

    const started = performance.now();
    const fast = await failure(s.summarizer.summarize(request(SAMPLE)));
    const failFastMs = performance.now() - started;
    expect(fake.requests).toHaveLength(4); // nothing sent
    expect(fast.code).toBe('llm_failed');
    expect(fast.data).toMatchObject({ circuitOpen: true, retryAfterSeconds: 1 });
    expect(describeError(fast).message).toBe(
      'The language model is not reachable right now (its last requests failed), so paperbot has paused asking it. Try again in about 1 second.',
    );
    expect(failFastMs).toBeLessThan(1000); // reading the PDF, no model wait
    console.info(`[model-failures] circuit open: failed fast in ${failFastMs.toFixed(0)} ms (PDF read included)`);

    // The endpoint recovers; after the cool-down one probe goes out and closes the circuit.
    healthy();
    const deadline = Date.now() + 5000;
    let result: SummaryResult | undefined;
    while (!result && Date.now() < deadline) {
      result = await s.summarizer.summarize(request(SAMPLE)).catch((e: unknown) => {
        if (!(e instanceof PaperError && e.data.circuitOpen)) throw e;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100));
      });
    }
    expect(result?.engine).toBe('llm');
    expect(fake.requests).toHaveLength(5); // only the probe
  });
});
