/**
 * One paper, answered in one place, the same on every platform: placeholder → load → summarize (progress edits,
 * queued so none lands after the answer) → the summary, or the failure in plain words → the delivery ledger's
 * "posted" mark → the channel's paper list and the Regenerate count. A shutdown that stops waiting hands the job back.
 * Never throws.
 */
import { describeError } from '../../../core/error-messages.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { ChannelHistory } from '../../../core/history/channel-history.ts';
import { historyEntry } from '../../../core/history/entry.ts';
import type { SummaryCache } from '../../../core/ports.ts';
import type { Summarizer } from '../../../core/pipeline/summarizer.ts';
import type { ProgressStage, SummaryResult } from '../../../core/types.ts';
import { recordRegeneration } from '../feedback-votes.ts';
import type { Log } from '../log.ts';
import { QUEUE_WORDS } from '../queue-words.ts';
import { raceAbort } from '../race-abort.ts';
import { summarizeJob } from '../summarize-job.ts';
import type { JobRequest, PaperLoader, PlatformJobs } from './platform-jobs.ts';
import type { Poster } from './poster.ts';

export interface JobFlowDeps {
  summarizer: Summarizer;
  log: Log;
  /** Regenerate counts and 👍 / 👎 live here; without it nothing is counted. */
  cache?: SummaryCache | undefined;
  /** The channel's list of papers (`/papers`, digests, questions without a paper named). */
  history?: ChannelHistory | undefined;
  now?: () => number;
}

export type RunOutcome = { ok: true; result: SummaryResult } | { ok: false; code: ErrorCode | 'internal' } | { ok: false; code: 'handed_back' };

export async function runPaperJob(
  req: JobRequest,
  load: PaperLoader,
  poster: Poster,
  text: PlatformJobs<unknown>['progressText'],
  deps: JobFlowDeps,
  signal?: AbortSignal,
): Promise<RunOutcome> {
  let updates: Promise<unknown> = Promise.resolve();
  let last = text({ stage: 'start' }, req.language);
  const progress = (stage: ProgressStage) => {
    const next = text(stage, req.language);
    if (next === last) return;
    last = next;
    updates = updates.then(() => poster.progress(next));
  };
  try {
    await poster.open(last);
    const result = await raceAbort(summarizeJob({ ...req, load }, deps.summarizer, progress), signal);
    await updates;
    const posted = await poster.finish(result);
    await remember(req, result, posted.link, deps);
    return { ok: true, result };
  } catch (err) {
    await updates;
    if (signal?.aborted) {
      await poster.progress(QUEUE_WORDS.handedBack[req.language]);
      return { ok: false, code: 'handed_back' };
    }
    const { code, message } = describeError(err);
    deps.log.error(`summary of ${req.describe} failed (${code}): ${(err as Error)?.stack ?? String(err)}`);
    try {
      await poster.fail(message);
    } catch (postErr) {
      deps.log.error(`could not post the error message: ${(postErr as Error).message}`);
    }
    return { ok: false, code };
  }
}

/** The Regenerate count and the channel's paper list; neither may fail the summary that is already out. */
async function remember(req: JobRequest, result: SummaryResult, link: string | null, deps: JobFlowDeps): Promise<void> {
  if (req.bypassCache && deps.cache) {
    await recordRegeneration(deps.cache, result.source.sha256, result.language).catch((err: Error) => deps.log.warn(`counting the regeneration failed: ${err.message}`));
  }
  if (deps.history && req.where) {
    await deps.history.record(req.where, historyEntry(result, link, (deps.now ?? Date.now)())).catch((err: Error) => deps.log.warn(`recording the paper in the channel history failed: ${err.message}`));
  }
}
