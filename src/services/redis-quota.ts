/**
 * QuotaCounter on Redis (scaled mode, REDIS_URL): every process counts in the same keys, `<prefix>quota:…`, so the caps
 * hold across all of them. One MULTI per charge: INCRBY then PEXPIRE, atomic in Redis, so concurrent charges never
 * read the same count and no counter outlives its window. With Redis away it degrades to counting in this process's
 * memory with one warning (the caps then hold per process), as the shared limits do: a spending cap is not worth
 * stopping every answer for.
 */
import type { Redis } from 'ioredis';
import { createMemoryQuotaCounter, type QuotaCounter } from '../core/quota/index.ts';

export interface RedisQuotaOptions {
  /** An open command connection (closed by its owner); it should fail fast (openRedis' command timeout). */
  redis: Redis;
  /** Prepended to every key, e.g. `paperbot:quota:`. */
  prefix: string;
  onWarning?: (message: string) => void;
  /** The clock `expiresAt` is read against (injectable for tests). */
  now?: () => number;
}

export function createRedisQuotaCounter(opts: RedisQuotaOptions): QuotaCounter {
  const now = opts.now ?? Date.now;
  const memory = createMemoryQuotaCounter(now);
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`quota counters on Redis unavailable (${err instanceof Error ? err.message : String(err)}); counting in this process only`);
    warned = true;
  };
  return {
    async add(key, by, expiresAt) {
      try {
        const k = opts.prefix + key;
        const replies = await opts.redis.multi().incrby(k, by).pexpire(k, Math.max(1, Math.round(expiresAt - now()))).exec();
        const [err, count] = replies?.[0] ?? [new Error('the transaction was discarded'), null];
        if (err) throw err;
        return Number(count);
      } catch (err) {
        degrade(err);
        return memory.add(key, by, expiresAt);
      }
    },
  };
}
