/**
 * QuotaCounter on keyv, in its own namespace of the cache's store (CACHE_URL), for the one process the embedded store
 * allows: counts survive a restart when the store is a SQLite file, so restarting does not hand out a fresh hour.
 *
 * Keyv has no atomic increment, so get-then-set is serialized per key inside this process (exactly what one process
 * needs; several processes count in Redis). A broken store degrades to counting in memory with one warning: the caps
 * still hold in this process. Window counters are never read after their window, so expired rows are swept now and then.
 */
import type Keyv from 'keyv';
import { createMemoryQuotaCounter, type QuotaCounter } from '../core/quota/index.ts';
import { openKeyv, withTimeout } from './keyv-store.ts';

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
  let storeP: Promise<Keyv> | undefined;
  let lastSweep = now();
  let sweeping: Promise<void> = Promise.resolve();
  // Reading every entry through keyv's iterator deletes the expired ones.
  const sweep = async (kv: Keyv) => {
    try {
      for await (const entry of kv.iterator?.(kv.namespace) ?? []) void entry;
    } catch {
      // a failed sweep only leaves expired rows for the next one
    }
  };
  const store = () => {
    if (!storeP) {
      storeP = openKeyv(opts.url, opts.namespace ?? 'paperbot-quota').then((kv) => {
        kv.on('error', degrade);
        return kv;
      });
      storeP.catch(degrade);
    }
    return withTimeout(storeP, timeoutMs, 'quota store').then((kv) => {
      if (now() - lastSweep >= (opts.sweepEveryMs ?? 60 * 60 * 1000)) {
        lastSweep = now();
        sweeping = sweep(kv);
      }
      return kv;
    });
  };

  // One read-modify-write per key at a time.
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => {});
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  };

  return {
    add: (key, by, expiresAt) =>
      serialized(key, async () => {
        try {
          const kv = await store();
          const before = (await withTimeout(kv.get(key), timeoutMs, 'quota store')) as number | undefined;
          const count = (typeof before === 'number' ? before : 0) + by;
          await withTimeout(kv.set(key, count, Math.max(1, expiresAt - now())), timeoutMs, 'quota store');
          return count;
        } catch (err) {
          degrade(err);
          return memory.add(key, by, expiresAt);
        }
      }),
    async close() {
      if (!storeP) return;
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'quota store');
        await withTimeout(sweeping, timeoutMs, 'quota store sweep').catch(() => {});
        await withTimeout(kv.disconnect(), timeoutMs, 'quota store');
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
