/** What every Slack listener needs, built once by app.ts and passed in (no globals). */
import type { Logger } from '@slack/bolt';
import type { ChannelHistory } from '../../core/history/channel-history.ts';
import type { DigestSubscriptions } from '../../core/history/digest-subscriptions.ts';
import type { PaperbotMetrics } from '../../core/metrics/paperbot-metrics.ts';
import type { QaDeps } from '../../core/qa/answer-question.ts';
import type { Quota } from '../../core/quota/index.ts';
import type { SummaryCache } from '../../core/ports.ts';
import type { Engine, Language } from '../../core/types.ts';
import type { ThreadPapers } from '../common/thread-papers.ts';
import type { SlackClaims } from './claims.ts';
import type { SlackFileLike } from './download-file.ts';
import type { SlackJobPayload } from './slack-job.ts';
import type { SlackStreaming } from './slack-streaming.ts';

/** queued: work started; duplicate: an event or file answered before; ignored: nothing for us; usage: hint sent;
 *  question: a question in a summary's thread, answered from the paper. */
export type EventOutcome = 'queued' | 'duplicate' | 'ignored' | 'usage' | 'question';

export interface SlackFileEvent extends SlackFileLike {
  filetype?: string;
  file_access?: string;
}

export interface MessageLike {
  type: string;
  subtype?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  files?: SlackFileEvent[];
  bot_id?: string;
}

/** Where in Slack a summary is answered: the message that asked and its thread. */
export type MessageAt = Pick<MessageLike, 'channel' | 'ts' | 'thread_ts'>;

export interface SlackContext {
  defaultLanguage: Language;
  engine: Engine;
  logger: Logger;
  claims: SlackClaims;
  cache?: SummaryCache | undefined;
  papers?: ThreadPapers | undefined;
  history?: ChannelHistory | undefined;
  digests?: DigestSubscriptions | undefined;
  metrics?: PaperbotMetrics | undefined;
  /** Questions in summary threads (with a cache and a Q&A set-up). */
  qa: { cache: SummaryCache; papers: ThreadPapers; codeVersion: string; qa: QaDeps; logger: Logger; quota?: Quota | undefined; streaming?: SlackStreaming | null | undefined } | null;
  /** Hands a summary to the shared job flow (queued, persisted; the thread hears its place in line when it waits). */
  submit(user: string | undefined, payload: SlackJobPayload): Promise<void>;
  /** Runs work after the listener returns (Bolt has acked by then); never throws into Bolt. */
  background(what: string, work: () => Promise<unknown>): void;
  /** True the first time an event id is seen (Slack retries, several processes). */
  firstDelivery(body: { event_id?: string }, retryNum: number | undefined): Promise<boolean>;
  report(body: { event_id?: string }, outcome: EventOutcome): void;
}

/** The workspace an event came from (an org-wide install may only say the enterprise); keys "summarized before" links. */
export function teamOf(context: { teamId?: string; enterpriseId?: string }): string {
  return context.teamId ?? context.enterpriseId ?? '-';
}

/** Plain-JSON payload of a summary in `at`'s thread. */
export function jobPayload(
  ctx: Pick<SlackContext, 'engine'>,
  team: string,
  at: MessageAt,
  language: Language,
  source: SlackJobPayload['source'],
  extra: Partial<SlackJobPayload> = {},
): SlackJobPayload {
  return { platform: 'slack', team, channel: at.channel, messageTs: at.ts, threadTs: at.thread_ts ?? at.ts, language, engine: ctx.engine, source, ...extra };
}
