import { afterAll, describe, expect, it } from 'vitest';
import { createRedisClaims } from '../../src/services/redis-claims.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName, until } from './redis-test-env.ts';

const prefix = `${uniqueName('claims')}:`;
// Two stores on two connections: as two processes would see Redis.
const a = createRedisClaims({ url: REDIS_URL, prefix });
const b = createRedisClaims({ url: REDIS_URL, prefix });

afterAll(async () => {
  await Promise.all([a.close?.(), b.close?.()]);
  await deleteKeys(prefix);
});

describe.skipIf(!redisAvailable)('ClaimStore on Redis', () => {
  it('lets exactly one of many concurrent claims from two connections win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('event:Ev1', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.claim('event:Ev1', 60_000)).toBe(false);
    expect(await b.claim('event:Ev2', 60_000)).toBe(true);
  });

  it('frees a claim when its time is up, and on release', async () => {
    expect(await a.claim('short', 150)).toBe(true);
    expect(await b.claim('short', 150)).toBe(false);
    let again = false;
    await until(async () => (again = await b.claim('short', 60_000)), 3000, 'the claim to expire');
    expect(again).toBe(true);
    await b.release('short');
    expect(await a.claim('short', 60_000)).toBe(true);
  });

  it('keepFirst returns the first value to every later caller, as JSON', async () => {
    const first = { channel: 'C1', ts: '1.000' };
    expect(await a.keepFirst('thread:paper', first, 60_000)).toEqual(first);
    expect(await b.keepFirst('thread:paper', { channel: 'C2', ts: '2.000' }, 60_000)).toEqual(first);
    const both = await Promise.all([a.keepFirst('week:1', 'a', 60_000), b.keepFirst('week:1', 'b', 60_000)]);
    expect(both[0]).toBe(both[1]);
  });
});
