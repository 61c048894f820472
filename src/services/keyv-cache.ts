/**
 * SummaryCache on keyv: SQLite file by default, Redis for shared set-ups, memory for tests.
 * Every call has a timeout, and a broken store degrades to "no cache" with one warning instead of failing a summary.
 */
import type { SummaryCache } from '../core/ports.ts';
import { openKeyv, withTimeout } from './keyv-store.ts';

export interface KeyvCacheOptions {
  url: string;
  namespace?: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

export function createKeyvCache(opts: KeyvCacheOptions): SummaryCache {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const warn = opts.onWarning ?? (() => {});
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) warn(`cache unavailable (${err instanceof Error ? err.message : String(err)}); continuing without cache`);
    warned = true;
  };
  const storeP = openKeyv(opts.url, opts.namespace ?? 'paperbot').then((kv) => {
    kv.on('error', degrade);
    return kv;
  });
  storeP.catch(degrade);

  return {
    async get<T>(key: string): Promise<T | undefined> {
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'cache call');
        return (await withTimeout(kv.get(key), timeoutMs, 'cache call')) as T | undefined;
      } catch (err) {
        degrade(err);
        return undefined;
      }
    },
    async set<T>(key: string, value: T): Promise<void> {
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'cache call');
        await withTimeout(kv.set(key, value), timeoutMs, 'cache call');
      } catch (err) {
        degrade(err);
      }
    },
    async close(): Promise<void> {
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'cache call');
        await withTimeout(kv.disconnect(), timeoutMs, 'cache call');
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
