/**
 * Opens ioredis connections from REDIS_URL. The claim store wants commands to fail fast when Redis is away (it then
 * degrades to memory); BullMQ wants `maxRetriesPerRequest: null` so its blocking calls wait out a reconnect.
 */
import type { RedisOptions as BullmqRedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

export function openRedis(url: string, commandTimeoutMs = 3000): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2000, commandTimeout: commandTimeoutMs });
}

/** Connection settings for BullMQ (it opens its own connections, blocking ones included, from these). */
export function bullmqConnection(url: string): BullmqRedisOptions {
  return { url, maxRetriesPerRequest: null, connectTimeout: 5000 };
}

/** Closes a connection politely, or drops it when Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await Promise.race([redis.quit(), new Promise((_, reject) => setTimeout(() => reject(new Error('quit timed out')), 2000).unref())]);
  } catch {
    redis.disconnect();
  }
}

/**
 * One PING before a scaled-mode process starts: an unreachable or refusing Redis is said plainly at start, instead of
 * summaries silently waiting for a queue that is not there. Throws an Error whose message names the cause.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  let last: Error | undefined;
  r.on('error', (err: Error) => (last = err));
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    const cause = (last ?? (err as Error)).message;
    throw new Error(`cannot reach Redis at REDIS_URL (${url}): ${cause}. Start Redis, fix REDIS_URL, or unset it to run everything in one process.`);
  } finally {
    r.disconnect();
  }
}
