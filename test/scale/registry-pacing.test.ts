/**
 * arXiv's one request per 3 s holds across processes in scaled mode: the turn is a claim in Redis. Two claim stores on
 * two connections stand for two processes; the interval is shortened (the default, 3 s, is tested with the pipeline).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPacer } from '../../src/core/registry/pacer.ts';
import { createRedisClaims } from '../../src/services/redis-claims.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName } from './redis-test-env.ts';

const prefix = `${uniqueName('pace')}:`;
const a = createRedisClaims({ url: REDIS_URL, prefix });
const b = createRedisClaims({ url: REDIS_URL, prefix });

afterAll(async () => {
  await Promise.all([a.close?.(), b.close?.()]);
  await deleteKeys(prefix);
});

describe.skipIf(!redisAvailable)('arXiv pacing shared through Redis', () => {
  it('two processes asking at once get turns one interval apart, and a wait past maxWaitMs gives up', async () => {
    const intervalMs = 400;
    const pacers = [a, b, a, b].map((claims) => createPacer({ key: 'registry:arxiv:turn', intervalMs, maxWaitMs: 5 * intervalMs, claims, pollMs: 20 }));
    const turns = await Promise.all(pacers.map(async (p) => ((await p.turn()) ? Date.now() : null)));
    const times = turns.map((t) => t!).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(intervalMs - 20);
    const impatient = createPacer({ key: 'registry:arxiv:turn', intervalMs: 60_000, maxWaitMs: 100, claims: b, pollMs: 20 });
    expect(await createPacer({ key: 'registry:arxiv:turn', intervalMs: 60_000, maxWaitMs: 2000, claims: a }).turn()).toBe(true);
    expect(await impatient.turn()).toBe(false);
  });
});
