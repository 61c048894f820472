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
