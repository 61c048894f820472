/**
 * Which waiting job runs next: the oldest one whose user and channel are under their limits. Skipping a user who
 * already has their share running is what keeps one person's 20 PDFs from starving everyone else. Pure.
 */
import type { QueueLimits } from './limits.ts';
import type { QueuedJob } from './types.ts';

export interface RunningCounts {
  total: number;
  byUser: ReadonlyMap<string, number>;
  byChannel: ReadonlyMap<string, number>;
}

/** Index of the job to start in `pending` (oldest first), or -1 when none may start now. */
export function pickNext(pending: readonly Pick<QueuedJob, 'user' | 'channel'>[], running: RunningCounts, limits: QueueLimits): number {
  if (running.total >= limits.concurrency) return -1;
  return pending.findIndex(
    (job) => (running.byUser.get(job.user) ?? 0) < limits.perUser && (running.byChannel.get(job.channel) ?? 0) < limits.perChannel,
  );
}
