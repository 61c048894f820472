/**
 * One paper, answered in one thread: 👀 on the message, a placeholder reply updated as the stages move, then the
 * summary (Block Kit, `summary.md` attached when it had to be shortened), and ✅ or ❌. Errors become plain words via
 * describeError; the details go to the log only.
 */
import type { Logger, webApi } from '@slack/bolt';
import { describeError } from '../../core/error-messages.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { Summarizer } from '../../core/summarizer.ts';
import type { Engine, Language, ProgressStage, SummaryResult } from '../../core/types.ts';
import { escapeSlack } from './escape.ts';
import { progressText } from './progress-text.ts';
import { renderBlocks } from './render-blocks.ts';
import { encodeFeedbackValue } from './feedback.ts';
import { encodeSourceRef, type SourceRef } from './source-ref.ts';
import type { SlackClaims, ThreadRef } from './claims.ts';
import { summarizeJob } from '../common/summarize-job.ts';
import { raceAbort } from '../common/race-abort.ts';
import { QUEUE_WORDS } from '../common/queue-words.ts';
import type { ThreadPapers } from '../common/thread-papers.ts';
import type { ChannelHistory } from '../../core/history/channel-history.ts';
import { historyEntry } from '../../core/history/entry.ts';

export interface LoadedBytes {
  bytes: Uint8Array;
  fileName: string;
  knownPaperUrl?: string;
}

export interface ThreadJob {
  client: webApi.WebClient;
  /** The workspace (team id, or '-' when Slack did not say): "summarized before" links stay inside it. */
  team: string;
  channel: string;
  /** The message that asked (reactions go on it). */
  messageTs: string;
  /** Where replies go: `event.thread_ts ?? event.ts`. */
  threadTs: string;
  language: Language;
  engine: Engine;
  /** Skip the cache (the Regenerate button). */
  bypassCache?: boolean;
  /** Where the PDF came from; when known the summary gets Regenerate / language buttons. */
  source?: SourceRef;
  /** Gets the PDF; calls `downloading()` before a network download starts. */
  load: (downloading: () => void) => Promise<LoadedBytes>;
  /** Aborted when a shutdown stops waiting: the thread is told the job will be picked up again, nothing fails. */
  signal?: AbortSignal;
  /** Exactly-once posting for a job that may run more than once (see core/queue/delivery-ledger.ts). */
  delivery?: Delivery;
}

export interface Delivery {
  /** The placeholder an earlier run of this job posted: edited again instead of posting a second one. */
  placeholderTs?: string;
  /** Records this run's placeholder unless one is recorded; returns the recorded one. */
  keepPlaceholder(ts: string): Promise<string>;
  /** The answer (summary or error) is in the thread. */
  posted(): Promise<void>;
}

export interface ThreadDeps {
  summarizer: Summarizer;
  logger: Logger;
  /** Where each paper was first summarized in the workspace: the "summarized before" link. */
  threads?: Pick<SlackClaims, 'firstThread'>;
  /** When set, summaries get 👍 / 👎 buttons (votes are stored in the cache). */
  feedback?: boolean;
  /** Remembers which paper a thread is about (questions in the thread are answered from it). */
  papers?: ThreadPapers;
  /** The channel's list of papers (`/papers`, search, digests). */
  history?: ChannelHistory;
  /** Told when a Regenerate job posted its new summary (counted in `/papers`). */
  onRegenerated?: (sha256: string, language: Language) => Promise<unknown>;
  now?: () => number;
}

/** What became of the job; a failure says its code so the caller can decide whether the same input may be retried. */
export type ThreadOutcome = { ok: true } | { ok: false; code: ErrorCode | 'internal' | 'handed_back' };

async function firstThreadUrl(job: ThreadJob, where: ThreadRef | undefined, logger: Logger): Promise<string | undefined> {
  if (!where || (where.channel === job.channel && where.ts === job.threadTs)) return undefined;
  try {
    const res = await job.client.chat.getPermalink({ channel: where.channel, message_ts: where.ts });
    return res.permalink;
  } catch (err) {
    logger.debug(`chat.getPermalink failed: ${(err as Error).message}`);
    return undefined;
  }
}

async function react(job: ThreadJob, name: string, logger: Logger): Promise<void> {
  try {
    await job.client.reactions.add({ channel: job.channel, timestamp: job.messageTs, name });
  } catch (err) {
    // already_reacted, missing reactions:write, …: never worth failing the summary for.
    logger.debug(`reactions.add ${name} failed: ${(err as Error).message}`);
  }
}

export async function summarizeInThread(job: ThreadJob, deps: ThreadDeps): Promise<ThreadOutcome> {
  const { client, channel } = job;
  const log = deps.logger;
  await react(job, 'eyes', log);
  let placeholderTs: string | undefined;
  // Progress updates are queued so that none can land after the final message.
  let updates: Promise<unknown> = Promise.resolve();
  let lastText = '';
  const progress = (stage: ProgressStage | { stage: 'start' }) => {
    const text = progressText(stage, job.language);
    if (!placeholderTs || text === lastText) return;
    lastText = text;
    const ts = placeholderTs;
    updates = updates.then(() => client.chat.update({ channel, ts, text }).catch((err: Error) => log.warn(`chat.update (progress) failed: ${err.message}`)));
  };
  try {
    placeholderTs = await placeholder(job, progressText({ stage: 'start' }, job.language), log);
    lastText = progressText({ stage: 'start' }, job.language);
    const result = await raceAbort(summarizeJob(job, deps.summarizer, progress), job.signal);
    // A direct message is private: it is never offered to others as "the first thread" (nor recorded as one).
    const first = channel.startsWith('D') ? undefined : await deps.threads?.firstThread(job.team, result.source.sha256, { channel, ts: job.threadTs });
    const message = renderBlocks(result, {
      firstThreadUrl: result.cached ? await firstThreadUrl(job, first, log) : undefined,
      buttonsValue: job.source ? encodeSourceRef({ ...job.source, language: result.language }) : undefined,
      feedbackValue: deps.feedback ? encodeFeedbackValue(result.source.sha256, result.language) : undefined,
    });
    await updates;
    if (placeholderTs) await client.chat.update({ channel, ts: placeholderTs, text: message.text, blocks: message.blocks });
    else await client.chat.postMessage({ channel, thread_ts: job.threadTs, text: message.text, blocks: message.blocks });
    await job.delivery?.posted();
    await rememberPaper(job, result, deps);
    if (job.bypassCache) await deps.onRegenerated?.(result.source.sha256, result.language).catch((err: Error) => log.warn(`counting the regeneration failed: ${err.message}`));
    if (message.truncated) {
      try {
        await client.files.uploadV2({
          channel_id: channel,
          thread_ts: job.threadTs,
          filename: 'summary.md',
          title: 'Full summary',
          content: message.fullMarkdown,
        });
      } catch (err) {
        log.warn(`attaching summary.md failed: ${(err as Error).message}`);
      }
    }
    await react(job, 'white_check_mark', log);
    return { ok: true };
  } catch (err) {
    if (job.signal?.aborted) return handBack(job, placeholderTs, updates, log);
    const { code, message } = describeError(err);
    log.error(`summary failed (${code}) in ${channel}: ${(err as Error)?.stack ?? String(err)}`);
    const text = `:x: ${escapeSlack(message)}`;
    await updates;
    try {
      if (placeholderTs) await client.chat.update({ channel, ts: placeholderTs, text, blocks: [] });
      else await client.chat.postMessage({ channel, thread_ts: job.threadTs, text });
      await job.delivery?.posted();
    } catch (postErr) {
      log.error(`could not post the error message: ${(postErr as Error).message}`);
    }
    await react(job, 'x', log);
    return { ok: false, code };
  }
}

/**
 * The message the job's progress and answer go into: the one an earlier run of the same job posted when there is one
 * (so a rerun never leaves two), else a new reply in the thread, recorded for later runs.
 */
async function placeholder(job: ThreadJob, text: string, log: Logger): Promise<string | undefined> {
  const { client, channel, delivery } = job;
  if (delivery?.placeholderTs) {
    try {
      await client.chat.update({ channel, ts: delivery.placeholderTs, text, blocks: [] });
      return delivery.placeholderTs;
    } catch (err) {
      // Deleted meanwhile (message_not_found): a new reply then, not recorded (the record keeps the first).
      log.warn(`reusing the earlier placeholder failed (${(err as Error).message}); posting a new one`);
      return (await client.chat.postMessage({ channel, thread_ts: job.threadTs, text })).ts;
    }
  }
  const ts = (await client.chat.postMessage({ channel, thread_ts: job.threadTs, text })).ts;
  if (!ts || !delivery) return ts;
  const kept = await delivery.keepPlaceholder(ts);
  if (kept !== ts) {
    // Another run of the same job got there first (should not happen under the queue's lock): keep one message.
    await client.chat.delete({ channel, ts }).catch((err: Error) => log.debug(`chat.delete failed: ${err.message}`));
  }
  return kept;
}

/** The thread now holds this paper (for questions) and the channel's history lists it; neither may fail the summary. */
async function rememberPaper(job: ThreadJob, result: SummaryResult, deps: ThreadDeps): Promise<void> {
  const where = { platform: 'slack' as const, workspace: job.team, channel: job.channel };
  try {
    await deps.papers?.remember({ ...where, thread: job.threadTs }, { sha256: result.source.sha256, language: result.language, title: result.titleOriginal || result.title });
    if (deps.history) {
      const link = await job.client.chat.getPermalink({ channel: job.channel, message_ts: job.threadTs }).then((r) => r.permalink ?? null, () => null);
      await deps.history.record(where, historyEntry(result, link, (deps.now ?? Date.now)()));
    }
  } catch (err) {
    deps.logger.warn(`remembering the paper of ${job.channel}/${job.threadTs} failed: ${(err as Error).message}`);
  }
}

/** A shutdown stopped waiting for this job: say so in the placeholder; the queue keeps the job for the next start. */
async function handBack(job: ThreadJob, placeholderTs: string | undefined, updates: Promise<unknown>, log: Logger): Promise<ThreadOutcome> {
  await updates;
  const text = QUEUE_WORDS.handedBack[job.language];
  try {
    if (placeholderTs) await job.client.chat.update({ channel: job.channel, ts: placeholderTs, text });
  } catch (err) {
    log.debug(`could not post the hand-back note: ${(err as Error).message}`);
  }
  return { ok: false, code: 'handed_back' };
}
