/**
 * MAX_WAITING_JOBS: past it, new work is refused at once with an estimate of when to try again, instead of joining a
 * line that would take hours. The estimate: the jobs waiting ahead, times the recent average job time, spread over
 * the jobs that run at once (a minute per job when nothing ran yet). Pure, apart from the small list of durations.
 */
import { PaperError } from '../errors.ts';

/** A job takes about this long when none finished yet (download, parse, one model call). */
export const DEFAULT_JOB_MS = 60_000;

/** The last few job durations (ms), for the estimate. */
export function recentDurations(keep = 20) {
  const ms: number[] = [];
  return {
    add(d: number) {
      if (!Number.isFinite(d) || d < 0) return;
      ms.push(d);
      if (ms.length > keep) ms.shift();
    },
    list: (): readonly number[] => ms,
  };
}

/** Seconds until about `waiting` jobs ahead are through, `parallel` at a time. */
export function estimateWaitSeconds(waiting: number, durationsMs: readonly number[], parallel: number): number {
  const avg = durationsMs.length ? durationsMs.reduce((a, b) => a + b, 0) / durationsMs.length : DEFAULT_JOB_MS;
  const lanes = Number.isFinite(parallel) && parallel >= 1 ? parallel : 1;
  return Math.max(60, Math.ceil((Math.max(1, waiting) * avg) / lanes / 1000));
}

/** True when `maxWaiting` (0 = no cap) jobs are waiting already. */
export function overWaitingCap(waiting: number, maxWaiting: number | undefined): boolean {
  return !!maxWaiting && maxWaiting > 0 && waiting >= maxWaiting;
}

/** The refusal: PaperError('busy') with how many wait and when to try again. */
export function busyError(waiting: number, retryAfterSeconds: number): PaperError {
  return new PaperError('busy', { reason: 'queue_full', waiting, retryAfterSeconds });
}

/** The queue's store did not answer in time: nothing was accepted, the user is told to try again later. */
export function unavailableError(afterMs: number, cause?: unknown): PaperError {
  return new PaperError('busy', { reason: 'unavailable', afterMs }, { cause });
}
