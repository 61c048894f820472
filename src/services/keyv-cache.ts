/**
 * SummaryCache on keyv: SQLite file by default, Redis for shared set-ups, memory for tests.
 * Every call has a timeout, and a broken store degrades to "no cache" with one warning instead of failing a summary.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Keyv from 'keyv';
import type { SummaryCache } from '../core/ports.ts';

export interface KeyvCacheOptions {
  url: string;
  namespace?: string;
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

async function createStore(url: string, namespace: string): Promise<Keyv> {
  if (url.startsWith('memory:')) return new Keyv({ namespace });
  if (url.startsWith('sqlite://')) {
    const file = url.slice('sqlite://'.length);
    if (file && file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { KeyvSqlite } = await import('@keyv/sqlite');
    return new Keyv({ store: new KeyvSqlite({ uri: url, busyTimeout: 5000 }), namespace });
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    // Without throwOnConnectError a stopped Redis makes get() hang; we also race every call against a timeout.
    const store = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 2000 });
    return new Keyv({ store, namespace, useKeyPrefix: false });
  }
  throw new Error(`unsupported CACHE_URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cache call timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createKeyvCache(opts: KeyvCacheOptions): SummaryCache {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const warn = opts.onWarning ?? (() => {});
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) warn(`cache unavailable (${err instanceof Error ? err.message : String(err)}); continuing without cache`);
    warned = true;
  };
  const storeP = createStore(opts.url, opts.namespace ?? 'paperbot').then((kv) => {
    kv.on('error', degrade);
    return kv;
  });
  storeP.catch(degrade);

  return {
    async get<T>(key: string): Promise<T | undefined> {
      try {
        const kv = await withTimeout(storeP, timeoutMs);
        return (await withTimeout(kv.get(key), timeoutMs)) as T | undefined;
      } catch (err) {
        degrade(err);
        return undefined;
      }
    },
    async set<T>(key: string, value: T): Promise<void> {
      try {
        const kv = await withTimeout(storeP, timeoutMs);
        await withTimeout(kv.set(key, value), timeoutMs);
      } catch (err) {
        degrade(err);
      }
    },
    async close(): Promise<void> {
      try {
        const kv = await withTimeout(storeP, timeoutMs);
        await withTimeout(kv.disconnect(), timeoutMs);
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
