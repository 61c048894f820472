/**
 * JobStore on keyv, in its own namespace (`paperbot-jobs`) of the CACHE_URL store: with the embedded SQLite file, the
 * jobs accepted but not finished survive a restart and are replayed on start. Opened on first use, so commands that
 * never queue never open it. A broken store degrades to memory with one warning (jobs then do not survive a restart).
 * Entries expire after a day: a request older than that is not worth answering after a long outage.
 */
import type Keyv from 'keyv';
import { createMemoryJobStore, type JobStore } from '../core/queue/job-store.ts';
import type { QueuedJob } from '../core/queue/types.ts';
import { openKeyv, withTimeout } from './keyv-store.ts';

export interface KeyvJobsOptions {
  url: string;
  namespace?: string;
  timeoutMs?: number;
  ttlMs?: number;
  onWarning?: (message: string) => void;
}

const isJob = (v: unknown): v is QueuedJob =>
  !!v && typeof v === 'object' && typeof (v as QueuedJob).id === 'string' && typeof (v as QueuedJob).kind === 'string';

export function createKeyvJobStore(opts: KeyvJobsOptions): JobStore {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
  const memory = createMemoryJobStore();
  let warned = false;
  const degrade = (err: unknown) => {
    if (!warned) (opts.onWarning ?? (() => {}))(`job store unavailable (${err instanceof Error ? err.message : String(err)}); queued jobs will not survive a restart`);
    warned = true;
  };
  let storeP: Promise<Keyv> | undefined;
  const store = () => {
    if (!storeP) {
      storeP = openKeyv(opts.url, opts.namespace ?? 'paperbot-jobs').then((kv) => {
        kv.on('error', degrade);
        return kv;
      });
      storeP.catch(degrade);
    }
    return withTimeout(storeP, timeoutMs, 'job store');
  };
  const key = (id: string) => `job:${id}`;

  return {
    async save(job) {
      await memory.save(job);
      try {
        const kv = await store();
        await withTimeout(kv.set(key(job.id), job, ttlMs), timeoutMs, 'job store');
      } catch (err) {
        degrade(err);
      }
    },
    async remove(id) {
      await memory.remove(id);
      try {
        const kv = await store();
        await withTimeout(kv.delete(key(id)), timeoutMs, 'job store');
      } catch (err) {
        degrade(err);
      }
    },
    async all() {
      const found = new Map((await memory.all()).map((j) => [j.id, j]));
      try {
        const kv = await store();
        const read = async () => {
          for await (const [, value] of kv.iterator?.(kv.namespace) ?? []) if (isJob(value)) found.set(value.id, value);
        };
        await withTimeout(read(), timeoutMs * 3, 'job store');
      } catch (err) {
        degrade(err);
      }
      return [...found.values()];
    },
    async close() {
      if (!storeP) return;
      try {
        const kv = await withTimeout(storeP, timeoutMs, 'job store');
        await withTimeout(kv.disconnect(), timeoutMs, 'job store');
      } catch {
        // closing a broken store has nothing left to do
      }
    },
  };
}
