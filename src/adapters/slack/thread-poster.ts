/**
 * The Slack side of the shared job flow's output: one paper answered in one thread. 👀 on the message, a placeholder
 * reply (the one an earlier run of the same job recorded in the delivery ledger, so a rerun never leaves two),
 * progress as edits, then the summary as Block Kit (`summary.md` attached when it had to be shortened) and ✅, or the
 * failure in plain words and ❌.
 *
 * With streaming on, the summary being written is shown on the way (draft-writer.ts): by editing the placeholder, or
 * in a native stream, a new reply that becomes the job's message (recorded in the delivery ledger under
 * `stream:<job id>`; the placeholder is deleted, or turned into a one-line note when it cannot be). A rerun of the job
 * (retried, taken over after a crash) continues in that message, by edits. The final message is always one
 * `chat.update` of the job's message, after the stream was stopped (`chat.stopStream` would only append its blocks
 * below the streamed text), so the Block Kit summary with its buttons arrives exactly once.
 */
import type { Logger, webApi } from '@slack/bolt';
import type { DeliveryLedger } from '../../core/queue/index.ts';
import type { Language, SummaryResult } from '../../core/types.ts';
import type { Poster, PostedSummary } from '../common/job-flow/poster.ts';
import type { SlackClaims, ThreadRef } from './claims.ts';
import { createDraftWriter, type DraftWriter } from './draft-writer.ts';
import { escapeSlack } from './escape.ts';
import { encodeFeedbackValue } from './feedback.ts';
import { renderBlocks } from './render-blocks.ts';
import type { SlackStreaming } from './slack-streaming.ts';
import { encodeSourceRef, type SourceRef } from './source-ref.ts';
import { SLACK_WORDS } from './words.ts';

type Blocks = ReturnType<typeof renderBlocks>['blocks'];

export interface SlackThread {
  client: webApi.WebClient;
  /** The workspace (team id, or '-' when Slack did not say): "summarized before" links stay inside it. */
  team: string;
  channel: string;
  /** The message that asked (reactions go on it). */
  messageTs: string;
  /** Where replies go: `event.thread_ts ?? event.ts`. */
  threadTs: string;
  /** Where the PDF came from; when known the summary gets Regenerate / language buttons. */
  source?: SourceRef | undefined;
  /** Who asked: a native stream in a channel is addressed to them. */
  recipient?: { user: string; team: string } | undefined;
  /** The words of the one-line note a placeholder becomes when it cannot be deleted. */
  language?: Language | undefined;
}

export interface ThreadPosterDeps {
  logger: Logger;
  ledger: DeliveryLedger;
  /** Where each paper was first summarized in the workspace: the "summarized before" link. */
  threads?: Pick<SlackClaims, 'firstThread'> | undefined;
  /** When set, summaries get 👍 / 👎 buttons (votes are stored in the cache). */
  feedback?: boolean;
  /** Show the summary while it is written; null / absent: only statuses, then the summary. */
  streaming?: SlackStreaming | null | undefined;
}

/** Where the delivery ledger keeps the job's native stream message (the placeholder stays under the job id). */
export const streamKey = (jobId: string) => `stream:${jobId}`;

export function threadPoster(t: SlackThread, jobId: string, deps: ThreadPosterDeps): Poster {
  const { client, channel } = t;
  const log = deps.logger;
  let placeholderTs: string | undefined;
  /** The last status shown (what an empty draft shows again). */
  let status = '';
  let writer: DraftWriter | undefined;
  /** An earlier run streamed into a message: this run continues it by edits. */
  let continued = false;
  /** finish / fail began, or the job was handed back: drafts still arriving are late. */
  let closed = false;

  const react = async (name: string) => {
    // already_reacted, missing reactions:write, …: never worth failing the summary for.
    await client.reactions.add({ channel, timestamp: t.messageTs, name }).catch((err: Error) => log.debug(`reactions.add ${name} failed: ${err.message}`));
  };
  /** The job's message: this run's, else the one an earlier run recorded. */
  const current = async () => (placeholderTs ??= (await deps.ledger.message(streamKey(jobId))) ?? (await deps.ledger.message(jobId)));
  /** No more drafts: what was started is finished (the stream stopped) before anything replaces it. */
  const settleDrafts = async () => {
    closed = true;
    const w = writer;
    writer = undefined;
    await w?.settle();
  };
  /** The stream is the job's message now: record it, so a rerun continues there, and take the placeholder away. */
  const streamStarted = async (ts: string) => {
    const old = placeholderTs;
    placeholderTs = ts;
    const kept = await deps.ledger.keepMessage(streamKey(jobId), ts);
    if (kept !== ts) log.warn(`job ${jobId} already streamed into ${kept}; this run streams into ${ts}`);
    if (!old || old === ts) return;
    await client.chat.delete({ channel, ts: old }).catch(async (err: Error) => {
      log.debug(`chat.delete of the placeholder failed (${err.message}); leaving a one-line note`);
      await client.chat.update({ channel, ts: old, text: SLACK_WORDS.writingBelow[t.language ?? 'en'] }).catch(() => undefined);
    });
  };
  const draft = (text: string) => {
    if (closed || !deps.streaming) return;
    writer ??= createDraftWriter({ client, team: t.team, channel, threadTs: t.threadTs, recipient: t.recipient }, deps.streaming, {
      logger: log,
      message: () => placeholderTs,
      native: deps.streaming.mode !== 'update' && !continued,
      blank: () => status,
      onStream: streamStarted,
    });
    writer.show(text);
  };
  /** Replaces the job's message, or posts a reply when there is none. */
  const put = async (text: string, blocks?: Blocks) => {
    const ts = await current();
    if (ts) await client.chat.update({ channel, ts, text, blocks: blocks ?? [] });
    else await client.chat.postMessage({ channel, thread_ts: t.threadTs, text, ...(blocks ? { blocks } : {}) });
  };

  const poster: Poster = {
    async open(text) {
      status = text;
      await react('eyes');
      const streamed = await deps.ledger.message(streamKey(jobId));
      const earlier = streamed ?? (await deps.ledger.message(jobId));
      if (streamed) {
        continued = true;
        // A stream left by a run that died: end it (one that expired answers message_not_in_streaming_state).
        await client.chat.stopStream({ channel, ts: streamed }).catch((err: Error) => log.debug(`chat.stopStream of the earlier stream: ${err.message}`));
      }
      if (earlier) {
        try {
          await client.chat.update({ channel, ts: earlier, text, blocks: [] });
          placeholderTs = earlier;
          return;
        } catch (err) {
          // Deleted meanwhile (message_not_found): a new reply then, not recorded (the record keeps the first).
          log.warn(`reusing the earlier placeholder failed (${(err as Error).message}); posting a new one`);
          placeholderTs = (await client.chat.postMessage({ channel, thread_ts: t.threadTs, text })).ts;
          return;
        }
      }
      const ts = (await client.chat.postMessage({ channel, thread_ts: t.threadTs, text })).ts;
      if (!ts) return;
      placeholderTs = await deps.ledger.keepMessage(jobId, ts);
      // Another run of the same job got there first (should not happen under the queue's lock): keep one message.
      if (placeholderTs !== ts) await client.chat.delete({ channel, ts }).catch((err: Error) => log.debug(`chat.delete failed: ${err.message}`));
    },
    async progress(text) {
      status = text;
      // Statuses come before the drafts (the job flow queues them in order): one after them hands the job back.
      if (writer) await settleDrafts();
      if (!placeholderTs) return;
      await client.chat.update({ channel, ts: placeholderTs, text }).catch((err: Error) => log.warn(`chat.update (progress) failed: ${err.message}`));
    },
    async note(text) {
      await client.chat.postMessage({ channel, thread_ts: t.threadTs, text });
    },
    async finish(result: SummaryResult): Promise<PostedSummary> {
      await settleDrafts();
      // A direct message is private: it is never offered to others as "the first thread" (nor recorded as one).
      const first = channel.startsWith('D') ? undefined : await deps.threads?.firstThread(t.team, result.source.sha256, { channel, ts: t.threadTs });
      const message = renderBlocks(result, {
        firstThreadUrl: result.cached ? await permalinkElsewhere(t, first, log) : undefined,
        buttonsValue: t.source ? encodeSourceRef({ ...t.source, language: result.language }) : undefined,
        feedbackValue: deps.feedback ? encodeFeedbackValue(result.source.sha256, result.language) : undefined,
      });
      await put(message.text, message.blocks);
      if (message.truncated) {
        await client.files
          .uploadV2({ channel_id: channel, thread_ts: t.threadTs, filename: 'summary.md', title: 'Full summary', content: message.fullMarkdown })
          .catch((err: Error) => log.warn(`attaching summary.md failed: ${err.message}`));
      }
      await react('white_check_mark');
      const link = await client.chat.getPermalink({ channel, message_ts: t.threadTs }).then((r) => r.permalink ?? null, () => null);
      return { link };
    },
    async fail(message) {
      await settleDrafts();
      await put(`:x: ${escapeSlack(message)}`);
      await react('x');
    },
  };
  // Only a poster that can stream has `draft`: the job flow asks the summarizer for drafts only then.
  if (deps.streaming) poster.draft = draft;
  return poster;
}

/** The permalink of the paper's first thread in this workspace, unless that is this very thread. */
async function permalinkElsewhere(t: SlackThread, where: ThreadRef | undefined, log: Logger): Promise<string | undefined> {
  if (!where || (where.channel === t.channel && where.ts === t.threadTs)) return undefined;
  try {
    return (await t.client.chat.getPermalink({ channel: where.channel, message_ts: where.ts })).permalink;
  } catch (err) {
    log.debug(`chat.getPermalink failed: ${(err as Error).message}`);
    return undefined;
  }
}
