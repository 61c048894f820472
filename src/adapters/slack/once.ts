/**
 * "Have we seen this key recently?" — an in-memory set whose entries expire. Used to answer every Slack event and
 * every shared file exactly once per process (Slack retries carry the same event_id; one upload produces several
 * events for the same channel + file). It answers in-process repeats without a store round trip; claims.ts puts the
 * persistent ClaimStore behind it so that the answer also holds after a restart.
 */
export interface OnceSet {
  /** True the first time a key is seen within the TTL, false afterwards. */
  first(key: string): boolean;
  /** Makes the key new again (work that failed and may be retried). */
  forget(key: string): void;
  readonly size: number;
}

export function createOnceSet(ttlMs: number, now: () => number = Date.now): OnceSet {
  const expiries = new Map<string, number>();
  let lastPrune = now();
  const prune = (t: number) => {
    for (const [k, exp] of expiries) if (exp <= t) expiries.delete(k);
    lastPrune = t;
  };
  return {
    first(key) {
      const t = now();
      if (t - lastPrune > ttlMs / 4) prune(t);
      const exp = expiries.get(key);
      if (exp !== undefined && exp > t) return false;
      expiries.set(key, t + ttlMs);
      return true;
    },
    forget(key) {
      expiries.delete(key);
    },
    get size() {
      return expiries.size;
    },
  };
}
