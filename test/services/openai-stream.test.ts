/** Streaming through the real openai client against the local fake server (127.0.0.1): onText, usage, fallbacks, stalls. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperError } from '../../src/core/errors.ts';
import type { ChatMessage } from '../../src/core/ports.ts';
import { createOpenAiModel, type OpenAiModelOptions } from '../../src/services/openai-model.ts';
import { createTokenizer } from '../../src/services/tokenizer.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';

const ANSWER = '1. Title: Streaming Summaries\n2. Authors: Ada Lovelace, Alan Turing\n6. Summary:\n  (1): 背景：长文档理解很重要。';
const msgs: ChatMessage[] = [
  { role: 'system', content: 'You summarize papers.' },
  { role: 'user', content: 'Summarize this paper, please.' },
];

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi(() => ({ reply: ANSWER, promptTokens: 321, completionTokens: 45 }));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.streaming = { chunkChars: 8, paceMs: 0, usage: true };
  fake.refuses = { streamOptions: false, stream: false, ignoreStream: false };
});

const model = (over: Partial<OpenAiModelOptions> = {}) =>
  createOpenAiModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'test-model', timeoutMs: 5000, maxRetries: 2, ...over });

/** Every text an onText listener heard, in order. */
function listener() {
  const heard: string[] = [];
  return { heard, onText: (t: string) => void heard.push(t) };
}

describe('a streamed answer', () => {
  it('gives growing onText calls (each the whole text so far) and the same Completion as a plain call', async () => {
    const plain = await model().complete(msgs);
    expect(fake.requests[0]!.body.stream).toBeUndefined();
    const l = listener();
    const streamed = await model().complete(msgs, { onText: l.onText });
    expect(fake.requests[1]!.body.stream).toBe(true);
    expect(fake.requests[1]!.body.stream_options).toEqual({ include_usage: true });
    expect(streamed).toEqual(plain);
    expect(streamed).toEqual({ text: ANSWER, finishReason: 'stop', inputTokens: 321, outputTokens: 45 });
    // 8 code points a chunk: the Chinese tail arrives in pieces too, never split inside a character.
    expect(l.heard.length).toBe(Math.ceil(Array.from(ANSWER).length / 8));
    for (const [i, t] of l.heard.entries()) {
      expect(ANSWER.startsWith(t)).toBe(true);
      if (i > 0) expect(t.length).toBeGreaterThan(l.heard[i - 1]!.length);
    }
    expect(l.heard.at(-1)).toBe(ANSWER);
  });

  it('takes the usage from the last chunk; without one, counts tokens with the tokenizer', async () => {
    const withUsage = await model().complete(msgs, { onText: () => {} });
    expect([withUsage.inputTokens, withUsage.outputTokens]).toEqual([321, 45]);
    fake.streaming.usage = false;
    const tokenizer = createTokenizer();
    const counted = await model({ countTokens: (t) => tokenizer.count(t) }).complete(msgs, { onText: () => {} });
    expect(counted.outputTokens).toBe(tokenizer.count(ANSWER));
    expect(counted.inputTokens).toBe(tokenizer.count(msgs[0]!.content) + tokenizer.count(msgs[1]!.content));
    expect(counted.outputTokens).toBeGreaterThan(10);
  });

  it('asks again without stream_options when the server refuses them, and remembers', async () => {
    fake.refuses.streamOptions = true;
    fake.streaming.usage = false;
    const m = model({ countTokens: (t) => t.length });
    const l = listener();
    const c = await m.complete(msgs, { onText: l.onText });
    expect(c.text).toBe(ANSWER);
    expect(c.outputTokens).toBe(ANSWER.length); // counted: no usage without stream_options
    expect(l.heard.at(-1)).toBe(ANSWER);
    expect(fake.requests.map((r) => [r.body.stream, r.body.stream_options !== undefined])).toEqual([
      [true, true],
      [true, false],
    ]);
    await m.complete(msgs, { onText: () => {} });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]!.body.stream_options).toBeUndefined(); // not asked again
  });

  it('falls back to a plain call when the server refuses streaming, and remembers', async () => {
    fake.refuses.stream = true;
    const m = model();
    const l = listener();
    const c = await m.complete(msgs, { onText: l.onText });
    expect(c).toEqual({ text: ANSWER, finishReason: 'stop', inputTokens: 321, outputTokens: 45 });
    expect(l.heard).toEqual([]); // nothing was streamed: the answer comes whole
    expect(fake.requests.map((r) => r.body.stream ?? false)).toEqual([true, false]);
    await m.complete(msgs, { onText: l.onText });
    expect(fake.requests.map((r) => r.body.stream ?? false)).toEqual([true, false, false]);
  });

  it('takes a whole JSON answer from a server that ignores stream: true', async () => {
    fake.refuses.ignoreStream = true;
    const c = await model().complete(msgs, { onText: () => {} });
    expect(c).toEqual({ text: ANSWER, finishReason: 'stop', inputTokens: 321, outputTokens: 45 });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a stream that stalls mid-way after the idle timeout; the retry starts again from "" (replaced)', async () => {
    fake.script({ reply: ANSWER, promptTokens: 321, completionTokens: 45, stream: { stallAfter: 3 } });
    const l = listener();
    const started = Date.now();
    const c = await model({ idleTimeoutMs: 300 }).complete(msgs, { onText: l.onText });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(c.text).toBe(ANSWER);
    expect(fake.requests).toHaveLength(2);
    const reset = l.heard.indexOf('');
    expect(l.heard.slice(0, reset)).toEqual([ANSWER.slice(0, 8), ANSWER.slice(0, 16), ANSWER.slice(0, 24)]);
    expect(l.heard[reset + 1]).toBe(ANSWER.slice(0, 8)); // from the beginning again, not appended
    expect(l.heard.at(-1)).toBe(ANSWER);
  });

  it('retries a stream that breaks off mid-way', async () => {
    fake.script({ reply: ANSWER, stream: { breakAfter: 2 } });
    const l = listener();
    const c = await model().complete(msgs, { onText: l.onText });
    expect(c.text).toBe(ANSWER);
    expect(fake.requests).toHaveLength(2);
    expect(l.heard).toContain('');
    expect(l.heard.at(-1)).toBe(ANSWER);
  });

  it('a stream that keeps stalling is retried once, then fails with llm_failed (retryable, timed out)', async () => {
    fake.script(...Array.from({ length: 3 }, () => ({ reply: ANSWER, stream: { stallAfter: 1 } })));
    const err = (await model({ idleTimeoutMs: 200 })
      .complete(msgs, { onText: () => {} })
      .catch((e: unknown) => e)) as PaperError;
    expect(err.code).toBe('llm_failed');
    expect(err.data).toMatchObject({ retryable: true, timedOut: true, stalled: true });
    expect(fake.requests).toHaveLength(2);
    fake.requests.length = 0;
    await model().complete(msgs); // the scripted third stall is left for this plain call: it does not stream
    expect(fake.requests[0]!.body.stream).toBeUndefined();
  });

  it('a first piece of text slower than the idle timeout is fine: the first wait is bounded by timeoutMs', async () => {
    fake.script({ reply: ANSWER, stream: { beforeChunk: (i) => (i === 0 ? new Promise((r) => setTimeout(r, 400)) : Promise.resolve()) } });
    const c = await model({ idleTimeoutMs: 150 }).complete(msgs, { onText: () => {} });
    expect(c.text).toBe(ANSWER);
    expect(fake.requests).toHaveLength(1);
  });

  it('STREAMING=off (streaming: false) sends no stream requests, even with a listener', async () => {
    const l = listener();
    const c = await model({ streaming: false }).complete(msgs, { onText: l.onText });
    expect(c.text).toBe(ANSWER);
    expect(l.heard).toEqual([]);
    expect(fake.requests.every((r) => r.body.stream === undefined)).toBe(true);
  });

  it('a listener that throws fails the call with its own error, without retries', async () => {
    const boom = new Error('listener bug');
    const err = await model()
      .complete(msgs, {
        onText: () => {
          throw boom;
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(fake.requests).toHaveLength(1);
  });
});
