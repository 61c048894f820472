/**
 * A counting semaphore in Redis, shared by every process on the same REDIS_URL and prefix: the model's concurrency
 * limit and the per-user / per-channel job limits hold across all of them (scaled mode).
 *
 * Each key is a sorted set of holders scored by lease expiry (Redis server time, so hosts' clocks do not matter).
 * Taking a slot drops expired holders first, so a slot held by a process that was killed comes back after at most one
 * lease; a live holder renews its lease every third of it. When Redis is away, taking a slot succeeds (a limit is
 * not worth stopping all work for) and one warning says so.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis, openRedis } from './redis-connection.ts';

// KEYS[1] set; ARGV: limit, lease ms, holder. Returns 1 when the holder got a slot.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

// KEYS[1] set; ARGV: lease ms, holder. Extends a lease that is still held.
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return n`;

export interface Slot {
  release(): Promise<void>;
}

export interface SharedSemaphore {
  /** A slot of `key` if fewer than `limit` are held now, else null. */
  tryAcquire(key: string, limit: number): Promise<Slot | null>;
  /** Waits (polling with jitter) until a slot of `key` is free; rejects when `signal` aborts. */
  acquire(key: string, limit: number, signal?: AbortSignal): Promise<Slot>;
  close(): Promise<void>;
}

export interface SharedSemaphoreOptions {
  url: string;
  /** Prepended to every key, e.g. `paperbot:limits:`. */
  prefix: string;
  /** How long a slot is held without renewal; default 30 s. */
  leaseMs?: number;
  /** Polling interval of `acquire` (± half of it as jitter); default 100 ms. */
  pollMs?: number;
  onWarning?: (message: string) => void;
  redis?: Redis;
}

const NO_SLOT: Slot = { release: async () => {} };

export function createSharedSemaphore(opts: SharedSemaphoreOptions): SharedSemaphore {
  const leaseMs = opts.leaseMs ?? 30_000;
  const pollMs = opts.pollMs ?? 100;
  let redis: Redis | undefined = opts.redis;
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`shared limits on Redis unavailable (${err instanceof Error ? err.message : String(err)}); not limiting across processes`);
    warned = true;
  };
  const client = () => {
    if (!redis) {
      redis = openRedis(opts.url);
      redis.on('error', degrade);
    }
    return redis;
  };

  const tryAcquire = async (key: string, limit: number): Promise<Slot | null> => {
    const k = opts.prefix + key;
    const holder = randomUUID();
    try {
      if ((await client().eval(ACQUIRE, 1, k, limit, leaseMs, holder)) !== 1) return null;
    } catch (err) {
      degrade(err);
      return NO_SLOT;
    }
    const renew = setInterval(() => {
      client()
        .eval(RENEW, 1, k, leaseMs, holder)
        .catch((err: unknown) => degrade(err));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    renew.unref();
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        clearInterval(renew);
        await client()
          .zrem(k, holder)
          .catch((err: unknown) => degrade(err));
      },
    };
  };

  return {
    tryAcquire,
    async acquire(key, limit, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const slot = await tryAcquire(key, limit);
        if (slot) return slot;
        await new Promise((r) => setTimeout(r, pollMs / 2 + Math.random() * pollMs));
      }
    },
    async close() {
      if (redis && !opts.redis) await closeRedis(redis);
    },
  };
}
