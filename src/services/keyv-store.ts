/**
 * Opens a keyv store from a CACHE_URL (`sqlite://path`, `redis://…`, `memory:`) under a namespace, and bounds calls
 * with a timeout. Shared by the stores built on keyv (the summary cache, the claim store).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Keyv from 'keyv';

export async function openKeyv(url: string, namespace: string): Promise<Keyv> {
  if (url.startsWith('memory:')) return new Keyv({ namespace });
  if (url.startsWith('sqlite://')) {
    const file = url.slice('sqlite://'.length);
    if (file && file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { KeyvSqlite } = await import('@keyv/sqlite');
    return new Keyv({ store: new KeyvSqlite({ uri: url, busyTimeout: 5000 }), namespace });
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    // Without throwOnConnectError a stopped Redis makes get() hang; callers also race every call against a timeout.
    const store = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 2000 });
    return new Keyv({ store, namespace, useKeyPrefix: false });
  }
  throw new Error(`unsupported CACHE_URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what = 'store call'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
