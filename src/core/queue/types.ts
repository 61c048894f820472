/**
 * The job queue as the core sees it: plain-JSON jobs in, a place in line out. The in-process queue implements it now;
 * a Redis/BullMQ queue (scaled mode) can replace it without the adapters noticing. Nothing here knows a platform:
 * `kind` names the adapter that registered a handler, `payload` is whatever that adapter needs to redo the job.
 */

/** One unit of work, as persisted: everything in it must survive JSON.stringify / JSON.parse. */
export interface QueuedJob<P = unknown> {
  id: string;
  /** Which handler runs it ("slack", "discord"). */
  kind: string;
  /** Who asked and where: the per-user and per-channel limits count these. */
  user: string;
  channel: string;
  payload: P;
  /** When it was accepted (ms since the epoch); replays keep the original order. */
  acceptedAt: number;
  /** How many times it was picked up again after a restart (a job that keeps killing the process is dropped). */
  replays?: number;
}

export type NewJob<P = unknown> = Omit<QueuedJob<P>, 'id' | 'acceptedAt' | 'replays'> & { id?: string };

/** Where a job stands when accepted: `position` 0 = started at once, N = N-th in line. */
export interface Accepted {
  id: string;
  position: number;
}

/** What a handler says when it returns: done (forget the job) or handed back (keep it for the next start). */
export type JobOutcome = 'done' | 'handed-back';

export interface JobContext {
  /** True when the job was accepted by an earlier process and is being picked up again. */
  replayed: boolean;
  /** Aborted when shutdown stops waiting for this job: hand it back instead of finishing. */
  signal: AbortSignal;
}

/** Runs one job; should not throw (a throw counts as done, so a broken job is not replayed forever). */
export type JobHandler<P = unknown> = (job: QueuedJob<P>, ctx: JobContext) => Promise<JobOutcome | void>;

/**
 * Told once when a job is given up for good (its handler kept throwing, or it kept killing the process that ran it),
 * so that the person who asked hears it instead of waiting forever. `reason` is for the log, not for users.
 */
export type FailureHandler<P = unknown> = (job: QueuedJob<P>, reason: string) => Promise<void>;

export interface QueueCounts {
  pending: number;
  active: number;
}

export interface JobQueue {
  /** Registers the runner of one kind of job (each adapter registers its own before `start`). */
  handle<P>(kind: string, handler: JobHandler<P>): void;
  /** Registers who tells the user when a job of this kind is given up for good. */
  onFailure<P>(kind: string, notify: FailureHandler<P>): void;
  /**
   * Accepts a job (persisted before this resolves) and says its place in line. Refuses with PaperError('busy') when
   * MAX_WAITING_JOBS are waiting already (data: waiting, retryAfterSeconds) or the queue's store did not answer in
   * time (data: reason 'unavailable'); then nothing was accepted.
   */
  enqueue<P>(job: NewJob<P>): Promise<Accepted>;
  /** Picks up the jobs a previous process left behind, then runs jobs as slots free up. */
  start(): Promise<{ replayed: number }>;
  /**
   * Stops starting jobs (new ones are still accepted and persisted), waits up to `timeoutMs` for the running ones,
   * then asks the rest to hand themselves back. Unfinished jobs stay persisted for the next start.
   */
  stop(timeoutMs: number): Promise<{ finished: boolean; handedBack: number; pending: number }>;
  /** Resolves when nothing is pending or running. */
  onIdle(): Promise<void>;
  counts(): QueueCounts;
  /**
   * Whether this process runs the jobs it accepts. False for a receiving-only `serve` in scaled mode: what an adapter
   * keeps per job for the run (live interaction objects) would then never be let go, so it keeps nothing.
   */
  readonly runsJobs?: boolean;
  /**
   * Optional, for GET /metrics: the whole queue's numbers from the shared store (BullMQ: every process's jobs, the
   * finished ones it still keeps). Without it the metrics read this process's counts().
   */
  stats?(): Promise<QueueStats>;
}

export interface QueueStats {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
}
