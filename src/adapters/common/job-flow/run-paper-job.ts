/**
 * One paper, answered in one place, the same on every platform: placeholder → load → summarize (progress edits,
 * queued so none lands after the answer) → the summary, or the failure in plain words → the delivery ledger's
 * "posted" mark → the channel's paper list and the Regenerate count. A shutdown that stops waiting hands the job back.
 * A request's spending cap is charged by the summarizer right before its model call (a cached summary is free).
 * Never throws.
 */
import type { ErrorCode } from '../../../core/errors.ts';
import type { ChannelHistory } from '../../../core/history/channel-history.ts';
import { historyEntry } from '../../../core/history/entry.ts';
import type { SummaryCache } from '../../../core/ports.ts';
import type { Summarizer } from '../../../core/pipeline/summarizer.ts';
import type { Quota } from '../../../core/quota/index.ts';
import { renderDraftText } from '../../../core/reply/draft-text.ts';
import type { ProgressEvent, SummaryResult } from '../../../core/types.ts';
import { recordRegeneration } from '../feedback-votes.ts';
import { failureWords } from '../limit-words.ts';
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
  /** The spending caps charged before each model call; without it nothing is capped. */
  quota?: Quota | undefined;
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
  const progress = (event: ProgressEvent) => {
    // The summary being written goes to a poster that streams (it paces itself), after the status edits queued before
    // it: a status edit that lands late would otherwise replace the text being written.
    if (event.stage === 'writing') {
      const draft = renderDraftText(event.draft);
      updates = updates.then(() => poster.draft?.(draft));
      return;
    }
    const next = text(event, req.language);
    if (next === last) return;
    last = next;
    updates = updates.then(() => poster.progress(next));
  };
  try {
    await poster.open(last);
    const result = await raceAbort(summarizeJob({ ...req, load, reportDrafts: poster.draft !== undefined }, charging(deps.summarizer, req.beforeModel), progress), signal);
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
    const { code, message } = failureWords(err, req.language, req.place);
    deps.log.error(`summary of ${req.describe} failed (${code}): ${(err as Error)?.stack ?? String(err)}`);
    try {
      await poster.fail(message);
    } catch (postErr) {
      deps.log.error(`could not post the error message: ${(postErr as Error).message}`);
    }
    return { ok: false, code };
  }
}

/** The summarizer with the request's charge as its before-model hook. */
function charging(summarizer: Summarizer, beforeModel: JobRequest['beforeModel']): Summarizer {
  if (!beforeModel) return summarizer;
  return { summarize: (paper, onProgress) => summarizer.summarize({ ...paper, beforeModel }, onProgress) };
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
