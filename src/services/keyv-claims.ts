/**
 * ClaimStore on keyv, in its own namespace of the cache's store (CACHE_URL): what was claimed survives a restart when
 * the store is a SQLite file. The store is opened on first use, so commands that never claim never open it.
 *
 * Keyv has no atomic set-if-absent on SQLite, so get-then-set is serialized per key inside this process; that is
 * exactly-once for the one process the embedded store allows. Several processes need Redis `SET NX PX` (issue 7).
 * A broken store degrades to memory with one warning, as the summary cache does. Keyv drops an expired entry only when
 * it is read, and most claims (event ids) never are again, so expired rows are swept now and then.
 */
import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import type { ClaimStore } from '../core/ports.ts';
import { createMemoryClaims } from '../core/queue/memory-claims.ts';
import { openKeyv, withTimeout } from './keyv-store.ts';

export interface KeyvClaimsOptions {
  url: string;
  namespace?: string;
  timeoutMs?: number;
  /** How often expired entries are swept from the store (on use, never by a timer); default 1 hour. */
  sweepEveryMs?: number;
  onWarning?: (message: string) => void;
}

export function createKeyvClaims(opts: KeyvClaimsOptions): ClaimStore {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const memory = createMemoryClaims();
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`claim store unavailable (${err instanceof Error ? err.message : String(err)}); remembering in memory only`);
    warned = true;
  };
  let storeP: Promise<Keyv> | undefined;
  let lastSweep = 0;
  let sweeping: Promise<void> = Promise.resolve();
  // Reading every entry through keyv's iterator deletes the expired ones. A key re-claimed at the very moment its
  // expired entry is swept could lose that claim; no Slack retry comes that late, so it is left at that.
  const sweep = async (kv: Keyv) => {
    try {
      for await (const entry of kv.iterator?.(kv.namespace) ?? []) void entry;
    } catch {
      // a failed sweep only leaves expired rows for the next one
    }
  };
  const store = () => {
    if (!storeP) {
      storeP = openKeyv(opts.url, opts.namespace ?? 'paperbot-claims').then((kv) => {
        kv.on('error', degrade);
        return kv;
      });
      storeP.catch(degrade);
    }
    return withTimeout(storeP, timeoutMs, 'claim store').then((kv) => {
      if (Date.now() - lastSweep >= (opts.sweepEveryMs ?? 60 * 60 * 1000)) {
        lastSweep = Date.now();
        sweeping = sweep(kv);
      }
      return kv;
    });
  };

  // One operation per key at a time: the get-then-set below is not atomic in the store.
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

  const keepFirst = <T>(key: string, value: T, ttlMs: number): Promise<T> =>
    serialized(key, async () => {
      try {
        const kv = await store();
        const existing = (await withTimeout(kv.get(key), timeoutMs, 'claim store')) as T | undefined;
        if (existing !== undefined) return existing;
        await withTimeout(kv.set(key, value, ttlMs), timeoutMs, 'claim store');
        return value;
      } catch (err) {
        degrade(err);
        return memory.keepFirst(key, value, ttlMs);
      }
    });

  return {
    async claim(key, ttlMs) {
      const token = randomUUID();
      return (await keepFirst(key, token, ttlMs)) === token;
    },
    release: (key) =>
      serialized(key, async () => {
        await memory.release(key);
        try {
          const kv = await store();
          await withTimeout(kv.delete(key), timeoutMs, 'claim store');
        } catch (err) {
          degrade(err);
        }
      }),
    keepFirst,
    peek: <T>(key: string): Promise<T | undefined> =>
      serialized(key, async () => {
        try {
          const kv = await store();
          const v = (await withTimeout(kv.get(key), timeoutMs, 'claim store')) as T | undefined;
          return v === undefined ? memory.peek<T>(key) : v;
        } catch (err) {
          degrade(err);
          return memory.peek<T>(key);
        }
      }),
    async close() {
      if (!storeP) return;
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'claim store');
        await withTimeout(sweeping, timeoutMs, 'claim store sweep').catch(() => {});
        await withTimeout(kv.disconnect(), timeoutMs, 'claim store');
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
