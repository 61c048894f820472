/**
 * A keyv namespace of the cache's store for small records read-modified-written by one process (claims, quota
 * counters): opened on first use (commands that never need it never open it), every call bounded by a timeout, one
 * operation per key at a time (keyv has no atomic set-if-absent or increment on SQLite), and expired rows swept now and
 * then (keyv drops an expired entry only when it is read, and most of these keys never are again).
 */
import type Keyv from 'keyv';
import { openKeyv, withTimeout } from './keyv-store.ts';

export interface SerialKeyvOptions {
  url: string;
  namespace: string;
  /** Names the store in timeout messages ("claim store"). */
  what: string;
  timeoutMs: number;
  /** How often expired entries are swept (on use, never by a timer); default 1 hour. */
  sweepEveryMs?: number | undefined;
  /** Sweep on first use too (rows left by earlier runs), not only an interval later. */
  sweepOnFirstUse?: boolean;
  /** The store failed (opening, an error event): the caller degrades to memory. */
  onError: (err: unknown) => void;
  now?: () => number;
}

export interface SerialKeyv {
  /** The opened store (rejects after the timeout). */
  store(): Promise<Keyv>;
  /** Runs `work` after every earlier operation on `key` has settled. */
  serialized<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** The call bounded by the timeout. */
  bounded<T>(p: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createSerialKeyv(opts: SerialKeyvOptions): SerialKeyv {
  const now = opts.now ?? Date.now;
  let storeP: Promise<Keyv> | undefined;
  let lastSweep = opts.sweepOnFirstUse ? -Infinity : now();
  let sweeping: Promise<void> = Promise.resolve();
  // Reading every entry through keyv's iterator deletes the expired ones.
  const sweep = async (kv: Keyv) => {
    try {
      for await (const entry of kv.iterator?.(kv.namespace) ?? []) void entry;
    } catch {
      // a failed sweep only leaves expired rows for the next one
    }
  };
  const bounded = <T>(p: Promise<T>) => withTimeout(p, opts.timeoutMs, opts.what);
  const queues = new Map<string, Promise<unknown>>();
  return {
    bounded,
    store() {
      if (!storeP) {
        storeP = openKeyv(opts.url, opts.namespace).then((kv) => {
          kv.on('error', opts.onError);
          return kv;
        });
        storeP.catch(opts.onError);
      }
      return bounded(storeP).then((kv) => {
        if (now() - lastSweep >= (opts.sweepEveryMs ?? 60 * 60 * 1000)) {
          lastSweep = now();
          sweeping = sweep(kv);
        }
        return kv;
      });
    },
    serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
      const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
      const tail = run.catch(() => {});
      queues.set(key, tail);
      void tail.then(() => {
        if (queues.get(key) === tail) queues.delete(key);
      });
      return run;
    },
    async close() {
      if (!storeP) return;
      try {
        const kv = await bounded(storeP);
        await withTimeout(sweeping, opts.timeoutMs, `${opts.what} sweep`).catch(() => {});
        await bounded(kv.disconnect());
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
