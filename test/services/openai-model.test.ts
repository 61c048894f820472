import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperError } from '../../src/core/errors.ts';
import { createOpenAiModel } from '../../src/services/openai-model.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi(() => ({ reply: 'hello', promptTokens: 11, completionTokens: 3 }));
});
afterAll(() => fake.close());

const model = () => createOpenAiModel({ apiKey: 'sk-secret-test-key', baseURL: fake.baseURL, model: 'test-model', timeoutMs: 2000, maxRetries: 2 });

async function failure(p: Promise<unknown>): Promise<PaperError> {
  try {
    await p;
  } catch (err) {
    return err as PaperError;
  }
  throw new Error('expected a failure');
}

describe('openai model (real openai client, local server)', () => {
  it('sends the messages and records token usage', async () => {
    fake.requests.length = 0;
    const c = await model().complete([{ role: 'user', content: 'hi' }]);
    expect(c).toEqual({ text: 'hello', finishReason: 'stop', inputTokens: 11, outputTokens: 3 });
    expect(fake.requests[0]!.body.model).toBe('test-model');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-secret-test-key');
  });

  it('retries 429 (honouring Retry-After) and 500, then succeeds', async () => {
    fake.requests.length = 0;
    fake.script({ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { reply: 'after retries' });
    const c = await model().complete([{ role: 'user', content: 'hi' }]);
    expect(c.text).toBe('after retries');
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up after the retries with rate_limited and the Retry-After seconds', async () => {
    fake.script(...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'retry-after': '0' } })));
    const err = await failure(model().complete([{ role: 'user', content: 'hi' }]));
    expect(err.code).toBe('rate_limited');
    expect(err.data.retryAfterSeconds).toBe(0);
  });

  it('maps a refused key and a dead endpoint to llm_failed without leaking the key', async () => {
    fake.script({ status: 401 });
    const denied = await failure(model().complete([{ role: 'user', content: 'hi' }]));
    expect(denied.code).toBe('llm_failed');
    expect(denied.data.reason).toMatch(/refused the API key/);
    const dead = createOpenAiModel({ apiKey: 'sk-secret-test-key', baseURL: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 1000, maxRetries: 0 });
    const err = await failure(dead.complete([{ role: 'user', content: 'hi' }]));
    expect(err.code).toBe('llm_failed');
    expect(JSON.stringify({ m: err.message, d: err.data })).not.toContain('sk-secret');
  });
});
