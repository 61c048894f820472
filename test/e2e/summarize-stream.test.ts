/**
 * The summarizer streaming, end to end as `paperbot` builds it (createPipeline: real PDF parser, real openai client
 * behind the guard, against the local fake model that streams): 'writing' reports while the model writes, each
 * finished item already checked against the paper, and a final result identical to the unstreamed one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SummaryDraft } from '../../src/core/reply/draft-summary.ts';
import { renderDraftText } from '../../src/core/reply/draft-text.ts';
import type { PaperRequest, ProgressEvent } from '../../src/core/types.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';

const SAMPLE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'sample-paper.pdf');
const bytes = new Uint8Array(readFileSync(SAMPLE));
let variant = 0;
/** The sample paper as a paper no cache has seen. */
const fresh = () => new Uint8Array(Buffer.concat([Buffer.from(bytes), Buffer.from(`\n% summarize-stream ${++variant}\n`)]));
const request = (over: Partial<PaperRequest> = {}): PaperRequest => ({ bytes, fileName: 'sample-paper.pdf', language: 'en', engine: 'llm', ...over });

let fake: FakeOpenAi;
let pipeline: TestPipeline;
let off: TestPipeline;

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  pipeline = realPipeline({ baseURL: fake.baseURL });
  off = realPipeline({ baseURL: fake.baseURL, env: { STREAMING: 'off' } });
});
afterAll(async () => {
  await Promise.all([pipeline.close(), off.close()]);
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.fallback = (req) => ({ reply: goodReply(req) });
  fake.streaming = { chunkChars: 4, paceMs: 2, usage: true };
});

/** Runs one request, keeping every progress event. */
async function summarizeWithEvents(p: TestPipeline, req: PaperRequest) {
  const events: ProgressEvent[] = [];
  const result = await p.summarizer.summarize(req, (e) => void events.push(e));
  const drafts = events.flatMap((e) => (e.stage === 'writing' ? [e.draft] : []));
  return { result, events, drafts };
}

describe('summarize with reportDrafts', () => {
  it('reports the summary as it is written, then gives the same result as an unstreamed request', async () => {
    const paper = fresh();
    const streamed = await summarizeWithEvents(pipeline, request({ bytes: paper, reportDrafts: true }));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.stream).toBe(true);
    const stages = streamed.events.map((e) => e.stage);
    expect(stages.slice(0, 2)).toEqual(['reading', 'summarizing']);
    expect(stages.slice(2).every((s) => s === 'writing')).toBe(true);
    const counts = streamed.drafts.map((d) => d.finished.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // items only ever added
    expect(new Set(counts)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(streamed.drafts.at(-1)).toMatchObject({ ended: true, writing: null });
    expect(streamed.drafts.some((d) => d.writing?.field === 'method' && d.writing.text.length > 0)).toBe(true);

    const plain = await summarizeWithEvents(pipeline, request({ bytes: paper, bypassCache: true }));
    expect(fake.requests[1]!.body.stream).toBeUndefined();
    expect(plain.drafts).toEqual([]);
    expect(streamed.result).toEqual(plain.result);
    // The last draft says what the final summary says.
    const last = streamed.drafts.at(-1)!;
    expect(last.fields).toMatchObject({ title: plain.result.title, authors: plain.result.authors, links: plain.result.links, summary: plain.result.summary });
  });

  it('a finished links item shows only links that occur in the paper', async () => {
    fake.fallback = (req) => ({ reply: goodReply(req, { codeLink: 'https://github.com/someone/not-in-the-paper' }) });
    const { result, drafts } = await summarizeWithEvents(pipeline, request({ bytes: fresh(), reportDrafts: true }));
    expect(result.links.code).toBeNull();
    const withLinks = drafts.filter((d) => d.finished.includes('links'));
    expect(withLinks.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.fields.links?.code ?? null).toBeNull();
      expect(renderDraftText(d)).not.toContain('not-in-the-paper');
    }
  });

  it('a stream that breaks is asked again; what was shown starts over; the result and the cache are as usual', async () => {
    const paper = fresh();
    fake.script({ reply: goodReply({ path: '', headers: {}, body: { model: '', messages: [] } }), stream: { breakAfter: 40 } });
    // The scripted answer above breaks after 40 pieces (its text does not matter); the retry gets the real reply.
    const { result, drafts } = await summarizeWithEvents(pipeline, request({ bytes: paper, reportDrafts: true }));
    expect(fake.requests).toHaveLength(2);
    const counts = drafts.map((d) => d.finished.length);
    const reset = drafts.findIndex((d, i) => i > 0 && d.finished.length === 0 && d.writing === null && counts[i - 1]! > 0);
    expect(reset).toBeGreaterThan(0);
    expect(drafts.at(-1)).toMatchObject({ ended: true, finished: expect.arrayContaining(['results']) });
    const again = await summarizeWithEvents(pipeline, request({ bytes: paper, reportDrafts: true }));
    expect(again.events.map((e) => e.stage)).toEqual(['cached']);
    expect({ ...again.result, cached: false }).toEqual(result);
  });

  it('the follow-up for missing items runs after the stream, unstreamed', async () => {
    fake.fallback = (req) =>
      fake.requests.length === 1
        ? { reply: goodReply(req, { omit: ['4', '(3)'] }) }
        : { reply: '4. Keywords: budgeting, retrieval\n  (3): The paper proposes section budgets.' };
    const { result, drafts, events } = await summarizeWithEvents(pipeline, request({ bytes: fresh(), reportDrafts: true }));
    expect(fake.requests.map((r) => r.body.stream ?? false)).toEqual([true, false]);
    expect(drafts.at(-1)).toMatchObject({ ended: true });
    expect(drafts.at(-1)!.finished).not.toContain('keywords');
    expect(events.at(-1)?.stage).toBe('writing'); // nothing reported for the follow-up
    expect(result.keywords).toEqual(['budgeting', 'retrieval']);
    expect(result.summary.method).toContain('section budgets');
  });

  it('a reply cut off at max_tokens leaves its last item "being written" until the follow-up completes it', async () => {
    fake.fallback = (req) =>
      fake.requests.length === 1 ? { reply: goodReply(req), finishReason: 'length' } : { reply: '  (4): F1 rises by 5.0 on the full benchmark.' };
    const { result, drafts } = await summarizeWithEvents(pipeline, request({ bytes: fresh(), reportDrafts: true }));
    expect(fake.requests.map((r) => r.body.stream ?? false)).toEqual([true, false]);
    expect(drafts.some((d) => d.ended)).toBe(false);
    expect(drafts.at(-1)).toMatchObject({ writing: { field: 'results' } });
    expect(drafts.every((d) => !d.finished.includes('results'))).toBe(true);
    expect(result.summary.results).toBe('F1 rises by 5.0 on the full benchmark.');
  });

  it('STREAMING=off: no stream request and no drafts, the same result', async () => {
    const paper = fresh();
    const { result, drafts } = await summarizeWithEvents(off, request({ bytes: paper, reportDrafts: true }));
    expect(drafts).toEqual([]);
    expect(fake.requests.every((r) => r.body.stream === undefined)).toBe(true);
    const on = await summarizeWithEvents(pipeline, request({ bytes: paper, reportDrafts: true, bypassCache: true }));
    expect(on.result).toEqual(result);
  });

  it('without reportDrafts nothing is streamed (chat jobs that do not ask stay as they were)', async () => {
    const { drafts } = await summarizeWithEvents(pipeline, request({ bytes: fresh() }));
    expect(drafts).toEqual([]);
    expect(fake.requests[0]!.body.stream).toBeUndefined();
  });
});

describe('drafts are plain text for every platform to escape', () => {
  it('keeps what the model wrote as plain strings (no markup is added)', async () => {
    fake.fallback = (req) => ({ reply: goodReply(req).replace('Long-document understanding matters.', 'Ping @everyone and <!channel>, see [docs](https://evil.example).') });
    const { drafts } = await summarizeWithEvents(pipeline, request({ bytes: fresh(), reportDrafts: true }));
    const last: SummaryDraft = drafts.at(-1)!;
    expect(last.fields.summary.background).toBe('Ping @everyone and <!channel>, see [docs](https://evil.example).');
  });
});
