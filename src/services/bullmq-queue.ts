/**
 * The JobQueue on BullMQ (scaled mode, REDIS_URL): jobs are the same plain-JSON QueuedJob, kept in Redis, so any
 * process may accept a job (`serve` enqueues) and any worker process may run it (`worker`, or `serve` with
 * WORKER_IN_SERVE=true). A process that only receives never creates a BullMQ Worker.
 *
 * Lock and stall settings, tuned to jobs that take minutes (download + parse + one model call with retries):
 * - lockDuration (QUEUE_LOCK_MS, default 5 min): a live worker renews its lock every lockDuration / 2, so a slow
 *   summary is never taken from a healthy worker; only a worker that stopped renewing (killed, frozen) loses it.
 * - stalledInterval (QUEUE_STALLED_INTERVAL_MS, default 60 s): how often workers look for jobs whose lock ran out; a
 *   job whose worker died is taken over within about lockDuration + stalledInterval.
 * - maxStalledCount (QUEUE_MAX_STALLED, default 2): a job that stalls more often than this (it may be what kills the
 *   process) is failed for good instead of killing worker after worker (as maxReplays does in-process).
 * - attempts (QUEUE_ATTEMPTS, default 3) with exponential backoff from 5 s: only a handler that throws is retried (the
 *   handlers tell the user about every expected failure themselves and return); then the job lands in the failed set.
 *
 * What holds across processes: every job runs once at a time (BullMQ's lock), in FIFO order, and each process runs
 * at most JOB_CONCURRENCY jobs (BullMQ's Worker concurrency), so N workers run at most N × JOB_CONCURRENCY in all.
 * The per-user and per-channel limits are counted in a Redis semaphore (`limits`; BullMQ's groups are a Pro
 * feature): a job over its user's or channel's limit is delayed about a second and tried again.
 *
 * Taking new work is bounded: past MAX_WAITING_JOBS waiting jobs (counted in Redis, every process's) enqueue refuses
 * with PaperError('busy') and an estimate from the recent jobs' durations; an enqueue that gets no answer from Redis
 * within QUEUE_ADD_TIMEOUT_S refuses too (reason 'unavailable') instead of hanging. The refused job is removed: at
 * once (on the same connection the remove follows the held add, so Redis runs it before any worker can take the job)
 * and again when the add is answered, so the user who was told "try again later" does not get an answer as well.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Accepted, FailureHandler, JobHandler, JobOutcome, JobQueue, QueuedJob } from '../core/queue/types.ts';
import { busyError, estimateWaitSeconds, unavailableError } from '../core/queue/index.ts';
import type { QueueLog } from '../core/queue/in-process-queue.ts';
import { bullmqConnection } from './redis-connection.ts';
import type { SharedSemaphore, Slot } from './redis-semaphore.ts';

export interface BullmqQueueOptions {
  url: string;
  /** Queue name; default `jobs`. */
  name?: string;
  /** BullMQ key prefix; default `paperbot` (keys `paperbot:jobs:*`). */
  prefix?: string;
  /** Whether this process runs jobs (worker role) or only accepts them (receiving role). */
  process: boolean;
  /** Jobs run at once by this process. */
  concurrency: number;
  lockMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  attempts?: number;
  backoffMs?: number;
  /** After aborting the jobs still running at shutdown, how long to let them hand back. Default 500 ms. */
  handBackMs?: number;
  /** MAX_WAITING_JOBS: with this many jobs waiting in Redis, enqueue refuses with PaperError('busy'); 0 = no cap. */
  maxWaiting?: number;
  /** QUEUE_ADD_TIMEOUT_S in ms: an enqueue Redis does not answer within this refuses (busy, 'unavailable'). Default 10 s. */
  addTimeoutMs?: number;
  log?: QueueLog;
  /**
   * Jobs at once per user and per channel across every worker (JOB_CONCURRENCY_PER_USER / _PER_CHANNEL), counted in
   * this shared semaphore: a job over a limit goes back to wait for `retryMs` (about 1 s), without using an attempt.
   */
  limits?: { perUser: number; perChannel: number; semaphore: SharedSemaphore; retryMs?: number };
  newId?: () => string;
  now?: () => number;
}

export type BullmqJobQueue = JobQueue & { close(): Promise<void> };

const SILENT: QueueLog = { warn: () => {}, error: () => {} };

export function createBullmqQueue(opts: BullmqQueueOptions): BullmqJobQueue {
  const log = opts.log ?? SILENT;
  const name = opts.name ?? 'jobs';
  const prefix = opts.prefix ?? 'paperbot';
  const connection = bullmqConnection(opts.url);
  const handlers = new Map<string, JobHandler>();
  const failureHandlers = new Map<string, FailureHandler>();
  const active = new Map<string, AbortController>();
  let waiting = 0;
  let worker: Worker<QueuedJob> | null = null;
  let queue: Queue | null = null;
  const producer = () => {
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', (err) => log.warn(`job queue: ${err.message}`));
    }
    return queue;
  };

  /** The job's user and channel slots, or null (none held) when either is at its limit. */
  const takeSlots = async (data: QueuedJob): Promise<Slot[] | null> => {
    const l = opts.limits;
    if (!l) return [];
    const user = await l.semaphore.tryAcquire(`user:${data.user}`, l.perUser);
    if (!user) return null;
    const channel = await l.semaphore.tryAcquire(`channel:${data.channel}`, l.perChannel);
    if (!channel) {
      await user.release();
      return null;
    }
    return [user, channel];
  };

  const runJob = async (job: Job<QueuedJob>, token?: string): Promise<void> => {
    const data = job.data;
    const handler = handlers.get(data.kind);
    if (!handler) throw new Error(`no handler for ${data.kind} jobs in this worker`);
    const slots = await takeSlots(data);
    if (!slots) {
      // One person's or one channel's burst waits for its own jobs, not everybody's: back in line shortly.
      const retryMs = opts.limits?.retryMs ?? 1000;
      await job.moveToDelayed(Date.now() + retryMs / 2 + Math.random() * retryMs, token);
      throw new DelayedError();
    }
    const controller = new AbortController();
    active.set(job.id!, controller);
    let outcome: JobOutcome = 'done';
    try {
      // Picked up again: after a worker died (stalled) or a handler threw (a retry), or handed back at a shutdown.
      const replayed = job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0 || (data.replays ?? 0) > 0;
      outcome = (await handler(data, { replayed, signal: controller.signal })) ?? 'done';
    } finally {
      active.delete(job.id!);
      await Promise.all(slots.map((slot) => slot.release()));
    }
    if (outcome === 'handed-back') {
      // Back to the front of the line for another worker (or the next start); marked so that it says it resumed.
      await job.updateData({ ...data, replays: (data.replays ?? 0) + 1 });
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };

  /**
   * A job in the failed set is given up for good (attempts used up, or it stalled more than QUEUE_MAX_STALLED times,
   * which BullMQ fails in the worker that picks it up next): its user is told, once, by the worker that failed it.
   * A failure that will be retried leaves the job delayed, not failed.
   */
  const toldIfFinal = async (job: Job<QueuedJob>, err: Error): Promise<void> => {
    try {
      if ((await job.getState()) !== 'failed') return;
      await failureHandlers.get(job.data.kind)?.(job.data, err.message);
    } catch (e) {
      log.error(`telling the user about failed job ${job.id} failed: ${(e as Error)?.message ?? String(e)}`);
    }
  };

  const removeRefused = (q: Queue, id: string) =>
    q.remove(id).then(
      () => undefined,
      (err: Error) => log.warn(`removing job ${id}, refused after QUEUE_ADD_TIMEOUT_S, failed: ${err.message}`),
    );

  /** Seconds until `inLine` waiting jobs are through: the last finished jobs' average time over every worker's slots. */
  const waitEstimate = async (q: Queue, inLine: number): Promise<number> => {
    const [done, workers] = await Promise.all([q.getJobs(['completed'], 0, 19), q.getWorkersCount()]);
    const durations = done.flatMap((j) => (j?.finishedOn && j.processedOn ? [j.finishedOn - j.processedOn] : []));
    return estimateWaitSeconds(inLine, durations, Math.max(1, workers) * opts.concurrency);
  };

  const waitingCount = async (): Promise<number> => {
    const c = await producer().getJobCounts('waiting', 'prioritized', 'delayed');
    waiting = (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
    return waiting;
  };

  return {
    handle(kind, handler) {
      handlers.set(kind, handler as JobHandler);
    },
    onFailure(kind, notify) {
      failureHandlers.set(kind, notify as FailureHandler);
    },
    async enqueue(input): Promise<Accepted> {
      const job: QueuedJob = { ...input, id: input.id ?? (opts.newId ?? randomUUID)(), acceptedAt: (opts.now ?? Date.now)() };
      const q = producer();
      const timeoutMs = opts.addTimeoutMs ?? 10_000;
      let timedOut = false;
      const accept = async (): Promise<Accepted> => {
        if (opts.maxWaiting && opts.maxWaiting > 0) {
          const inLine = await waitingCount();
          if (inLine >= opts.maxWaiting) throw busyError(inLine, await waitEstimate(q, inLine));
        }
        await q.add(job.kind, job, {
          jobId: job.id,
          attempts: opts.attempts ?? 3,
          backoff: { type: 'exponential', delay: opts.backoffMs ?? 5000 },
          // Finished jobs are kept a while for inspection, failed ones a week (the failed set).
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        });
        // Told "try again later" meanwhile: the late job goes, so the user does not get an answer as well.
        if (timedOut) {
          await removeRefused(q, job.id);
          throw unavailableError(timeoutMs);
        }
        // Place in line: jobs waiting beyond what the live workers can start now (every worker runs `concurrency`;
        // processes are assumed to share one JOB_CONCURRENCY). An estimate across processes, 0 when it starts at once.
        const [inLine, running, workers] = await Promise.all([waitingCount(), q.getActiveCount(), q.getWorkersCount()]);
        const free = Math.max(0, workers * opts.concurrency - running);
        return { id: job.id, position: Math.max(0, inLine - free) };
      };
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          void removeRefused(q, job.id);
          reject(unavailableError(timeoutMs));
        }, timeoutMs);
      });
      const work = accept();
      work.catch(() => {}); // after a timeout its own failure has no one left to tell
      try {
        return await Promise.race([work, expired]);
      } finally {
        clearTimeout(timer);
      }
    },
    async start() {
      if (opts.process && !worker) {
        worker = new Worker<QueuedJob>(name, runJob, {
          connection,
          prefix,
          concurrency: opts.concurrency,
          lockDuration: opts.lockMs ?? 5 * 60_000,
          stalledInterval: opts.stalledIntervalMs ?? 60_000,
          maxStalledCount: opts.maxStalledCount ?? 2,
        });
        worker.on('error', (err) => log.warn(`job worker: ${err.message}`));
        worker.on('failed', (job, err) => {
          if (!job || err.message === 'bullmq:movedToWait') return;
          log.error(`job ${job.id} (${job.name}) failed (attempt ${job.attemptsMade}): ${err.message}`);
          void toldIfFinal(job, err);
        });
        await worker.waitUntilReady();
      }
      // BullMQ itself takes over jobs left by a dead worker (stalled); none are replayed here.
      return { replayed: 0 };
    },
    async stop(timeoutMs) {
      const pending = await waitingCount().catch(() => waiting);
      if (!worker) return { finished: true, handedBack: 0, pending };
      const w = worker;
      worker = null;
      // close() stops taking jobs and waits for the running ones; past the timeout they are asked to hand back.
      const closing = w.close();
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([closing.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
      clearTimeout(timer);
      let handedBack = 0;
      if (!finished) {
        handedBack = active.size;
        for (const c of active.values()) c.abort();
        await Promise.race([closing, new Promise((r) => setTimeout(r, opts.handBackMs ?? 500).unref())]);
        // Whatever still runs loses its lock and is taken over by another worker after the stall interval.
        await w.close(true).catch(() => {});
      }
      return { finished, handedBack, pending };
    },
    async onIdle() {
      for (;;) {
        const q = producer();
        const [inLine, running] = await Promise.all([waitingCount(), q.getActiveCount()]);
        if (inLine + running === 0 && active.size === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    counts: () => ({ pending: waiting, active: active.size }),
    /** The whole queue's numbers, across every process (what /metrics shows in scaled mode). */
    async stats() {
      const c = await producer().getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
      return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0), active: c.active ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 };
    },
    runsJobs: opts.process,
    async close() {
      await worker?.close(true).catch(() => {});
      // A Redis that stopped answering would hold close() forever: drop the connection after a moment instead.
      const q = queue;
      if (q) {
        let timer: NodeJS.Timeout | undefined;
        const closed = await Promise.race([q.close().then(() => true, () => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 2000)))]);
        clearTimeout(timer);
        if (!closed) await q.disconnect().catch(() => {});
      }
    },
  };
}
