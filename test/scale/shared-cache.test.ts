/**
 * CACHE_URL=redis://… shares summaries and parsed papers between processes: two separate `paperbot summarize`
 * processes on the local Redis, the second answered from the first one's cache (no model call), and the paper's
 * passages for questions readable by any other process.
 */
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { paperIndexKey } from '../../src/core/qa/paper-index-store.ts';
import type { PaperIndex } from '../../src/core/qa/types.ts';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';
import { VERSION } from '../../src/version.ts';
import { distinctPapers } from '../hardening/flood-tools.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { REDIS_URL, redisAvailable } from './redis-test-env.ts';

describe.skipIf(!redisAvailable)('the cache on Redis, shared by processes', () => {
  let model: FakeOpenAi;
  let file: string;
  let sha256: string;
  beforeAll(async () => {
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
    // A paper no earlier run has cached.
    const [pdf] = await distinctPapers(1, () => `Shared Cache Paper ${randomUUID().slice(0, 8)}: One Summary For Every Process`);
    sha256 = createHash('sha256').update(pdf!).digest('hex');
    file = path.join(tempDir('paperbot-shared-cache-'), 'paper.pdf');
    writeFileSync(file, pdf!);
  });
  afterAll(async () => {
    await model?.close();
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`*${sha256}*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it('answers the second process from the summary the first one cached, and shares the parsed paper', async () => {
    const env = { CACHE_URL: REDIS_URL, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'test-model', LLM_MAX_RETRIES: '0' };
    const first = await runCli(['summarize', '--json', '--lang', 'en', file], { env, timeoutMs: 60_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ cached: false });
    expect(model.requests).toHaveLength(1);

    const second = await runCli(['summarize', '--json', '--lang', 'en', file], { env, timeoutMs: 60_000 });
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout) as { cached: boolean; title: string };
    expect(again.cached).toBe(true);
    expect(again.title).toBe(JSON.parse(first.stdout).title);
    expect(model.requests).toHaveLength(1);

    // The passages kept for questions are there for any other process (a worker answering in a thread).
    const cache = createKeyvCache({ url: REDIS_URL });
    try {
      const index = await cache.get<PaperIndex>(paperIndexKey(sha256, VERSION));
      expect(index?.sha256).toBe(sha256);
      expect(index!.chunks.length).toBeGreaterThan(0);
    } finally {
      await cache.close?.();
    }
  });
});
