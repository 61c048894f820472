/**
 * QuotaCounter on keyv, in its own namespace of the cache's store (CACHE_URL), for the one process the embedded store
 * allows: counts survive a restart when the store is a SQLite file, so restarting does not hand out a fresh hour.
 *
 * Keyv has no atomic increment, so get-then-set is serialized per key inside this process (exactly what one process
 * needs; several processes count in Redis). A broken store degrades to counting in memory with one warning: the caps
 * still hold in this process. Window counters are never read after their window, so expired rows are swept now and then.
 */
import { createMemoryQuotaCounter, type QuotaCounter } from '../core/quota/index.ts';
import { createSerialKeyv } from './serial-keyv.ts';

export interface KeyvQuotaOptions {
  url: string;
  namespace?: string;
  timeoutMs?: number;
  /** How often expired counters are swept from the store (on use, never by a timer); default 1 hour. */
  sweepEveryMs?: number;
  onWarning?: (message: string) => void;
  now?: () => number;
}

export function createKeyvQuotaCounter(opts: KeyvQuotaOptions): QuotaCounter {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const now = opts.now ?? Date.now;
  const memory = createMemoryQuotaCounter(now);
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`quota store unavailable (${err instanceof Error ? err.message : String(err)}); counting in memory only`);
    warned = true;
  };
  // The sweep clock starts now: counters written before a restart expire by themselves within a day.
  const kv = createSerialKeyv({ url: opts.url, namespace: opts.namespace ?? 'paperbot-quota', what: 'quota store', timeoutMs, sweepEveryMs: opts.sweepEveryMs, onError: degrade, now });

  return {
    add: (key, by, expiresAt) =>
      kv.serialized(key, async () => {
        try {
          const store = await kv.store();
          const before = (await kv.bounded(store.get(key))) as number | undefined;
          const count = (typeof before === 'number' ? before : 0) + by;
          await kv.bounded(store.set(key, count, Math.max(1, expiresAt - now())));
          return count;
        } catch (err) {
          degrade(err);
          return memory.add(key, by, expiresAt);
        }
      }),
    close: () => kv.close(),
  };
}
