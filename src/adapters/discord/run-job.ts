/**
 * One paper, answered in one reply: progress as the stages move, then the summary as embeds with buttons
 * (`summary.md` attached when it had to be shortened), or the error in plain words (describeError). Progress edits
 * are queued so that none can land after the final message. Never throws.
 */
import type { LoadedPaper } from '../../core/load-paper.ts';
import { describeError } from '../../core/error-messages.ts';
import type { SummaryCache } from '../../core/ports.ts';
import type { Summarizer } from '../../core/summarizer.ts';
import type { Engine, Language, ProgressStage } from '../../core/types.ts';
import type { Log } from '../common/log.ts';
import { renderEmbeds } from './render-embeds.ts';
import type { ReplyTarget } from './reply-target.ts';
import { refToken, type SourceRef } from './source-ref.ts';
import { summaryButtons } from './summary-buttons.ts';
import { progressText } from './words.ts';
import { summarizeJob } from '../common/summarize-job.ts';
import { raceAbort } from '../common/race-abort.ts';
import { QUEUE_WORDS } from '../common/queue-words.ts';
import type { ChannelHistory } from '../../core/history/channel-history.ts';
import { historyEntry } from '../../core/history/entry.ts';
import { recordRegeneration } from '../common/feedback-votes.ts';
import type { ChannelScope } from '../../core/history/types.ts';

export interface PaperJob {
  language: Language;
  engine: Engine;
  /** Skip the cache (the Regenerate button). */
  bypassCache?: boolean;
  /** Where the paper came from; the Regenerate / language buttons carry it. */
  ref: SourceRef | null;
  /** Gets the PDF; calls `downloading()` before a network download starts. */
  load: (downloading: () => void) => Promise<LoadedPaper>;
  /** Aborted when a shutdown stops waiting: the reply says it will be picked up again, nothing fails. */
  signal?: AbortSignal | undefined;
  /** Where the summary is posted: the channel's paper history lists it there. */
  where?: ChannelScope | undefined;
}

/** ok / failed (the error is shown) / handed back to the queue for the next start. */
export type RunOutcome = 'ok' | 'failed' | 'handed-back';

export interface JobDeps {
  summarizer: Summarizer;
  /** Stores long button references and 👍 / 👎; without it there are no feedback buttons. */
  cache?: SummaryCache | undefined;
  log: Log;
  /** The channel's list of papers (`/papers`, `/ask` without a paper). */
  history?: ChannelHistory | undefined;
  now?: () => number;
}

export async function runJob(job: PaperJob, target: ReplyTarget, deps: JobDeps, describe = 'paper'): Promise<RunOutcome> {
  let updates: Promise<unknown> = Promise.resolve();
  let last = '';
  const progress = (stage: ProgressStage) => {
    const text = progressText(stage, job.language);
    if (text === last) return;
    last = text;
    updates = updates.then(() => target.progress(text));
  };
  try {
    const result = await raceAbort(summarizeJob(job, deps.summarizer, progress), job.signal);
    const rendered = renderEmbeds(result);
    const token = job.ref ? await refToken(job.ref, deps.cache).catch(() => null) : null;
    const components = summaryButtons({ language: result.language, refToken: token, sha256: result.source.sha256, feedback: !!deps.cache });
    await updates;
    const messageId = await target.finish({
      content: '',
      embeds: rendered.embeds,
      components,
      ...(rendered.truncated ? { files: [{ name: 'summary.md', data: Buffer.from(rendered.markdown, 'utf8') }] } : {}),
    });
    if (job.bypassCache && deps.cache) {
      await recordRegeneration(deps.cache, result.source.sha256, result.language).catch((err: Error) => deps.log.warn(`counting the regeneration failed: ${err.message}`));
    }
    if (deps.history && job.where) {
      // A link to the summary message itself (to the channel when Discord did not say the message's id).
      const link = `https://discord.com/channels/${job.where.workspace === 'dm' ? '@me' : job.where.workspace}/${job.where.channel}${messageId ? `/${messageId}` : ''}`;
      await deps.history.record(job.where, historyEntry(result, link, (deps.now ?? Date.now)())).catch((err: Error) => deps.log.warn(`recording the paper in the channel history failed: ${err.message}`));
    }
    return 'ok';
  } catch (err) {
    if (job.signal?.aborted) {
      await updates;
      await target.progress(QUEUE_WORDS.handedBack[job.language]).catch(() => {});
      return 'handed-back';
    }
    const { code, message } = describeError(err);
    deps.log.error(`summary of ${describe} failed (${code}): ${(err as Error)?.stack ?? String(err)}`);
    await updates;
    try {
      await target.finish({ content: `❌ ${message}`, embeds: [], components: [] });
    } catch (postErr) {
      deps.log.error(`could not post the error message: ${(postErr as Error).message}`);
    }
    return 'failed';
  }
}
