/** The local Redis the scale tests run against, and a key prefix / queue name unique to this run. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { checkRedis } from '../../src/services/redis-connection.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The scaled-mode tests need a real Redis (.ci/run starts one). On a user's machine without one they skip with a
 * visible note; with CI set, a missing Redis is a failure.
 */
export const redisAvailable = await checkRedis(REDIS_URL, 1500).then(
  () => true,
  () => false,
);
if (!redisAvailable) {
  if (process.env.CI) throw new Error(`CI is set but no Redis answers at ${REDIS_URL} (.ci/run should have started one)`);
  console.warn(`[paperbot tests] NOTE: no Redis at ${REDIS_URL}; the scaled-mode tests (test/scale) are skipped. Start redis-server to run them.`);
}

export function uniqueName(what: string): string {
  return `paperbot-test:${what}:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix` (clean-up after a test). */
export async function deleteKeys(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** Polls `cond` every 25 ms until it holds or `ms` pass. */
export async function until(cond: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
