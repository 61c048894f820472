/**
 * ClaimStore on keyv, in its own namespace of the cache's store (CACHE_URL): what was claimed survives a restart when
 * the store is a SQLite file. The store is opened on first use, so commands that never claim never open it.
 *
 * Keyv has no atomic set-if-absent on SQLite, so get-then-set is serialized per key inside this process; that is
 * exactly-once for the one process the embedded store allows. Several processes need Redis `SET NX PX` (issue 7).
 * A broken store degrades to memory with one warning, as the summary cache does. A key re-claimed at the very moment
 * its expired entry is swept could lose that claim; no Slack retry comes that late, so it is left at that.
 */
import { randomUUID } from 'node:crypto';
import type { ClaimStore } from '../core/ports.ts';
import { createMemoryClaims } from '../core/queue/memory-claims.ts';
import { createSerialKeyv } from './serial-keyv.ts';

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
  // Claims (event ids) are never read again once expired: sweep those of earlier runs on first use too.
  const { store, serialized, bounded, close } = createSerialKeyv({
    url: opts.url,
    namespace: opts.namespace ?? 'paperbot-claims',
    what: 'claim store',
    timeoutMs,
    sweepEveryMs: opts.sweepEveryMs,
    sweepOnFirstUse: true,
    onError: degrade,
  });

  const keepFirst = <T>(key: string, value: T, ttlMs: number): Promise<T> =>
    serialized(key, async () => {
      try {
        const kv = await store();
        const existing = (await bounded(kv.get(key))) as T | undefined;
        if (existing !== undefined) return existing;
        await bounded(kv.set(key, value, ttlMs));
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
          await bounded((await store()).delete(key));
        } catch (err) {
          degrade(err);
        }
      }),
    keepFirst,
    peek: <T>(key: string): Promise<T | undefined> =>
      serialized(key, async () => {
        try {
          const v = (await bounded((await store()).get(key))) as T | undefined;
          return v === undefined ? memory.peek<T>(key) : v;
        } catch (err) {
          degrade(err);
          return memory.peek<T>(key);
        }
      }),
    close,
  };
}
