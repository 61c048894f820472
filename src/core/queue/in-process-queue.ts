/**
 * The in-process JobQueue: jobs wait in FIFO order and start as slots free up under three limits (in all, per user,
 * per channel). Each job is persisted in the JobStore when accepted and removed when done, so a restart picks up what
 * was left (`start`). Shutdown (`stop`) stops starting jobs, waits for the running ones up to a timeout, then aborts
 * the rest so they hand themselves back; whatever did not finish stays in the store.
 */
import { randomUUID } from 'node:crypto';
import { busyError, estimateWaitSeconds, overWaitingCap, recentDurations } from './busy.ts';
import { createMemoryJobStore, type JobStore } from './job-store.ts';
import { UNLIMITED, type QueueLimits } from './limits.ts';
import { pickNext } from './pick-next.ts';
import type { FailureHandler, JobHandler, JobOutcome, JobQueue, QueuedJob } from './types.ts';

export interface QueueLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface InProcessQueueOptions {
  limits?: Partial<QueueLimits>;
  store?: JobStore;
  log?: QueueLog;
  /** A job picked up again more often than this is dropped (it may be what kills the process). Default 3. */
  maxReplays?: number;
  /** After aborting the jobs still running at shutdown, how long to let them hand back (post a note). Default 500 ms. */
  handBackMs?: number;
  /** MAX_WAITING_JOBS: with this many jobs waiting (not running), enqueue refuses with PaperError('busy'); 0 = no cap. */
  maxWaiting?: number;
  newId?: () => string;
  now?: () => number;
}

const SILENT: QueueLog = { warn: () => {}, error: () => {} };

export function createInProcessQueue(opts: InProcessQueueOptions = {}): JobQueue {
  const limits: QueueLimits = { ...UNLIMITED, ...opts.limits };
  const store = opts.store ?? createMemoryJobStore();
  const log = opts.log ?? SILENT;
  const now = opts.now ?? Date.now;
  const handlers = new Map<string, JobHandler>();
  const failureHandlers = new Map<string, FailureHandler>();
  const giveUp = async (job: QueuedJob, reason: string) => {
    try {
      await failureHandlers.get(job.kind)?.(job, reason);
    } catch (err) {
      log.error(`telling the user about failed job ${job.id} failed: ${(err as Error)?.message ?? String(err)}`);
    }
  };
  let pending: QueuedJob[] = [];
  const accepting = new Set<string>();
  const active = new Map<string, AbortController>();
  const byUser = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const replayed = new Set<string>();
  const durations = recentDurations();
  let started = false;
  let paused = false;
  let waiters: Array<() => void> = [];

  const bump = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };
  // Waiters re-check their own condition; this just wakes them whenever the counts change.
  const notify = () => {
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
  };
  const until = (cond: () => boolean, timeoutMs = Infinity): Promise<boolean> =>
    new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if (cond()) {
          clearTimeout(timer);
          resolve(true);
        } else waiters.push(check);
      };
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          resolve(cond());
        }, timeoutMs);
      }
      check();
    });

  const run = (job: QueuedJob, handler: JobHandler) => {
    const controller = new AbortController();
    active.set(job.id, controller);
    bump(byUser, job.user, 1);
    bump(byChannel, job.channel, 1);
    const startedAt = now();
    void (async () => {
      let outcome: JobOutcome = 'done';
      try {
        outcome = (await handler(job, { replayed: replayed.has(job.id), signal: controller.signal })) ?? 'done';
      } catch (err) {
        log.error(`job ${job.id} (${job.kind}) failed: ${(err as Error)?.stack ?? String(err)}`);
        // Not retried in-process (a throw is a bug, not a passing failure): the person who asked is told.
        await giveUp(job, (err as Error)?.message ?? String(err));
      }
      if (outcome === 'done') await store.remove(job.id);
    })().finally(() => {
      durations.add(now() - startedAt);
      active.delete(job.id);
      replayed.delete(job.id);
      bump(byUser, job.user, -1);
      bump(byChannel, job.channel, -1);
      pump();
      notify();
    });
  };

  function pump() {
    if (!started || paused) return;
    for (;;) {
      const i = pickNext(pending, { total: active.size, byUser, byChannel }, limits);
      if (i < 0) return;
      const job = pending.splice(i, 1)[0]!;
      const handler = handlers.get(job.kind);
      if (handler) run(job, handler);
      else log.warn(`no handler for ${job.kind} jobs; job ${job.id} kept for a later start`);
    }
  }

  return {
    handle(kind, handler) {
      handlers.set(kind, handler as JobHandler);
    },
    onFailure(kind, notify) {
      failureHandlers.set(kind, notify as FailureHandler);
    },
    async enqueue(input) {
      if (overWaitingCap(pending.length, opts.maxWaiting)) {
        throw busyError(pending.length, estimateWaitSeconds(pending.length, durations.list(), limits.concurrency));
      }
      const job: QueuedJob = { ...input, id: input.id ?? (opts.newId ?? randomUUID)(), acceptedAt: now() };
      // Saved but not yet in line: `start` must not take it for a job an earlier process left unfinished.
      accepting.add(job.id);
      try {
        await store.save(job);
        pending.push(job);
      } finally {
        accepting.delete(job.id);
      }
      pump();
      const at = pending.indexOf(job);
      return { id: job.id, position: at < 0 ? 0 : at + 1 };
    },
    async start() {
      const stored = await store.all();
      // Read after the store answered: a job accepted by this process meanwhile is in line or still being saved.
      const known = new Set([...pending.map((j) => j.id), ...active.keys(), ...accepting]);
      const left = stored.filter((j) => !known.has(j.id)).sort((a, b) => a.acceptedAt - b.acceptedAt);
      const again: QueuedJob[] = [];
      for (const job of left) {
        if (!handlers.has(job.kind)) {
          log.warn(`job ${job.id} is for ${job.kind}, which is not running; kept for a later start`);
          continue;
        }
        const replays = (job.replays ?? 0) + 1;
        if (replays > (opts.maxReplays ?? 3)) {
          log.warn(`job ${job.id} (${job.kind}) was interrupted ${replays - 1} times; dropped`);
          await store.remove(job.id);
          await giveUp(job, `interrupted ${replays - 1} times`);
          continue;
        }
        const next = { ...job, replays };
        await store.save(next);
        replayed.add(next.id);
        again.push(next);
      }
      pending = [...again, ...pending];
      started = true;
      paused = false;
      pump();
      return { replayed: again.length };
    },
    async stop(timeoutMs) {
      paused = true;
      const finished = await until(() => active.size === 0, timeoutMs);
      let handedBack = 0;
      if (!finished) {
        handedBack = active.size;
        for (const controller of active.values()) controller.abort();
        await until(() => active.size === 0, opts.handBackMs ?? 500);
      }
      return { finished, handedBack, pending: pending.length };
    },
    async onIdle() {
      await until(() => pending.length === 0 && active.size === 0);
    },
    counts: () => ({ pending: pending.length, active: active.size }),
    runsJobs: true,
  };
}
