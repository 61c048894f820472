/**
 * ClaimStore on Redis (scaled mode, REDIS_URL): what one process claims, every other process sees at once, so Slack
 * event ids, channel + file, first threads and digest weeks are answered exactly once across all of them.
 * claim = `SET key 1 NX PX ttl` (atomic in Redis); release = DEL; keepFirst = `SET NX PX` then GET (values as JSON).
 * Like the keyv store, it never throws: with Redis away it degrades to this process's memory with one warning.
 */
import type { Redis } from 'ioredis';
import type { ClaimStore } from '../core/ports.ts';
import { createMemoryClaims } from '../core/queue/memory-claims.ts';
import { closeRedis, openRedis } from './redis-connection.ts';

export interface RedisClaimsOptions {
  url: string;
  /** Prepended to every key; default `paperbot:claims:` (tests use their own to never collide). */
  prefix?: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
  /** An open connection to use instead of opening one from `url` (closed by its owner). */
  redis?: Redis;
}

export function createRedisClaims(opts: RedisClaimsOptions): ClaimStore {
  const prefix = opts.prefix ?? 'paperbot:claims:';
  const timeoutMs = opts.timeoutMs ?? 3000;
  const memory = createMemoryClaims();
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`claim store on Redis unavailable (${err instanceof Error ? err.message : String(err)}); remembering in memory only`);
    warned = true;
  };
  let redis: Redis | undefined = opts.redis;
  const client = () => {
    if (!redis) {
      redis = openRedis(opts.url, timeoutMs);
      redis.on('error', degrade);
    }
    return redis;
  };
  const key = (k: string) => prefix + k;
  const ttl = (ms: number) => Math.max(1, Math.round(ms));

  return {
    async claim(k, ttlMs) {
      try {
        return (await client().set(key(k), '1', 'PX', ttl(ttlMs), 'NX')) === 'OK';
      } catch (err) {
        degrade(err);
        return memory.claim(k, ttlMs);
      }
    },
    async release(k) {
      await memory.release(k);
      try {
        await client().del(key(k));
      } catch (err) {
        degrade(err);
      }
    },
    async keepFirst<T>(k: string, value: T, ttlMs: number): Promise<T> {
      try {
        const r = client();
        if ((await r.set(key(k), JSON.stringify(value), 'PX', ttl(ttlMs), 'NX')) === 'OK') return value;
        const first = await r.get(key(k));
        // Expired between the two calls: the value given is then the first one.
        return first === null ? value : (JSON.parse(first) as T);
      } catch (err) {
        degrade(err);
        return memory.keepFirst(k, value, ttlMs);
      }
    },
    async peek<T>(k: string): Promise<T | undefined> {
      try {
        const v = await client().get(key(k));
        return v === null ? memory.peek<T>(k) : (JSON.parse(v) as T);
      } catch (err) {
        degrade(err);
        return memory.peek<T>(k);
      }
    },
    async close() {
      if (redis && !opts.redis) await closeRedis(redis);
    },
  };
}
