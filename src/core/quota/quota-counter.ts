/**
 * The store side of the spending caps: counters that go up atomically and are forgotten at a set time. The quota
 * (quota.ts) names one counter per subject and fixed window and says when it expires; implementations: memory (here),
 * the cache's keyv store (one process), Redis (scaled mode, every process sees the same count).
 */
export interface QuotaCounter {
  /**
   * Adds `by` (negative: a refund) to the counter `key`, creating it at 0, and has it forgotten at `expiresAt` (ms since
   * the epoch). Returns the count after the addition. Atomic: two calls at once never both see the same count.
   * Never throws for a broken store: the shared stores fall back to counting in this process's memory.
   */
  add(key: string, by: number, expiresAt: number): Promise<number>;
  close?(): Promise<void>;
}

/** A QuotaCounter in this process's memory: tests, and the fallback of the shared stores when they are away. */
export function createMemoryQuotaCounter(now: () => number = Date.now): QuotaCounter {
  const counts = new Map<string, { count: number; expiresAt: number }>();
  const sweep = () => {
    const t = now();
    for (const [k, v] of counts) if (v.expiresAt <= t) counts.delete(k);
  };
  return {
    async add(key, by, expiresAt) {
      // Windows end and are never read again: drop the finished ones now and then (not on every call).
      if (counts.size >= 10_000) sweep();
      const live = counts.get(key);
      const count = (live && live.expiresAt > now() ? live.count : 0) + by;
      counts.set(key, { count, expiresAt });
      return count;
    },
  };
}
