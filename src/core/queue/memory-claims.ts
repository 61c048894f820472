/** ClaimStore in this process's memory: the fallback when the store is down, and the default when none is given. */
import type { ClaimStore } from '../ports.ts';

export function createMemoryClaims(now: () => number = Date.now): ClaimStore {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.expires <= now()) entries.delete(key);
    return entries.get(key);
  };
  const keepFirst = <T>(key: string, value: T, ttlMs: number): T => {
    const existing = live(key);
    if (existing) return existing.value as T;
    // Expired entries go when read, and all at once when the map grows (event ids are never read again).
    if (entries.size >= 10_000) for (const k of [...entries.keys()]) live(k);
    entries.set(key, { value, expires: now() + ttlMs });
    return value;
  };
  return {
    async claim(key, ttlMs) {
      const token = Symbol(key);
      return keepFirst<unknown>(key, token, ttlMs) === token;
    },
    async release(key) {
      entries.delete(key);
    },
    async keepFirst(key, value, ttlMs) {
      return keepFirst(key, value, ttlMs);
    },
    async peek<T>(key: string) {
      const v = live(key)?.value;
      // A claim's token is a symbol, private to this store: it reads as a plain marker.
      return (typeof v === 'symbol' ? true : v) as T | undefined;
    },
  };
}
