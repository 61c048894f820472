/**
 * The Slack app on Bolt 5: HTTP (Events API on PORT, signed requests, `GET /healthz`) or Socket Mode when
 * SLACK_APP_TOKEN is set. Every Web API call goes to SLACK_API_URL. Listeners only decide what to do; the work runs
 * after Bolt has acknowledged the event, and each event / shared file is answered at most once (also across restarts
 * when `claims` is a persistent store).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type Logger, webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';
import { loadPaper } from '../../core/load-paper.ts';
import { PaperError } from '../../core/errors.ts';
import type { ClaimStore, Fetcher, SummaryCache } from '../../core/ports.ts';
import type { Summarizer } from '../../core/summarizer.ts';
import type { Engine, Language } from '../../core/types.ts';
import { escapeSlack } from './escape.ts';
import { ACTION_IDS } from './render-blocks.ts';
import { decodeSourceRef } from './source-ref.ts';
import { decodeFeedbackValue } from './feedback.ts';
import { recordRegeneration, recordVote } from '../common/feedback-votes.ts';
import { downloadSlackFile, isPdfFile, type SlackFileLike } from './download-file.ts';
import { createBoltLogger } from './logger.ts';
import { createLogger } from '../common/logger.ts';
import { secretsOf } from '../common/redact-secrets.ts';
import { looksLikeQuestion, parseMention, questionText } from './mention-input.ts';
import { answerInThread } from './answer-in-thread.ts';
import { createThreadPapers } from '../common/thread-papers.ts';
import { createChannelHistory } from '../../core/history/channel-history.ts';
import type { QaDeps } from '../../core/qa/answer-question.ts';
import { createMemoryClaims } from '../../services/memory-claims.ts';
import { createSlackClaims, failureMayPass } from './claims.ts';
import { summarizeInThread, type ThreadJob } from './summarize-in-thread.ts';
import { createDeliveryLedger, createInProcessQueue, type JobQueue } from '../../core/queue/index.ts';
import { QUEUE_WORDS } from '../common/queue-words.ts';
import { jobFile, SLACK_JOB_KIND, type SlackJobPayload } from './slack-job.ts';
import { checkSlackToken } from './check-token.ts';
import { listPapers, PAPERS_WORDS } from '../common/papers-list.ts';
import { renderPapers } from './render-papers.ts';
import { createDigestSubscriptions } from '../../core/history/digest-subscriptions.ts';
import type { DigestPoster } from '../../core/history/digest-scheduler.ts';
import { DIGEST_WORDS, digestSwitch } from '../common/digest-words.ts';
import { slackDigestPoster } from './post-digest.ts';
import { NOT_ENABLED_HERE } from '../common/allow-list-words.ts';
import type { PaperbotMetrics } from '../../core/metrics/paperbot-metrics.ts';
import { metricsRoute } from '../../services/metrics-server.ts';

export type SlackConfig = Pick<
  Config,
  'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'PORT' | 'SUMMARY_LANGUAGE' | 'DOWNLOAD_TIMEOUT_S' | 'LOG_LEVEL'
> &
  Partial<Pick<Config, 'SLACK_ALLOWED_CHANNELS' | 'LOG_FORMAT'>>;

export interface SlackAppDeps {
  config: SlackConfig;
  summarizer: Summarizer;
  /** The engine summaries use (llm when a model endpoint is configured). */
  engine: Engine;
  fetcher: Fetcher;
  maxPdfBytes: number;
  /** Where 👍 / 👎 votes are kept (the summary cache); without it there are no feedback buttons. */
  cache?: SummaryCache;
  logger?: Logger;
  /** Where event ids, channel+file keys and first threads are remembered (CACHE_URL's store); default: memory only. */
  claims?: ClaimStore;
  /** How long event ids and channel+file keys are remembered; default 1 hour. */
  dedupeTtlMs?: number;
  /** How long the first thread of a paper is remembered for "summarized before" links; default 30 days. */
  threadTtlMs?: number;
  /** Told what became of each event once its listener has decided (tests, metrics). */
  onEvent?: (eventId: string | undefined, outcome: EventOutcome) => void;
  /**
   * Where summaries wait their turn (`serve` shares one across platforms, persisted, started and stopped by main.ts).
   * Default: a private in-memory queue without limits, started here and drained by stop().
   */
  queue?: JobQueue;
  /** Questions in a summary's thread are answered from the paper (with the cache, which keeps the paper's text). */
  qa?: QaDeps;
  /** paperbot's version: the paper texts in the cache are keyed by it. */
  codeVersion?: string;
  /** This process's metrics: served at GET /metrics, and feedback votes / Regenerate clicks are counted in it. */
  metrics?: PaperbotMetrics;
}

/** queued: work started; duplicate: an event or file answered before; ignored: nothing for us; usage: hint sent;
 *  question: a question in a summary's thread, answered from the paper. */
export type EventOutcome = 'queued' | 'duplicate' | 'ignored' | 'usage' | 'question';

export interface SlackApp {
  app: App;
  mode: 'http' | 'socket';
  /** Starts listening (HTTP: on `listen` or config.PORT) or connects (Socket Mode). Returns the HTTP port when there is one. */
  start(listen?: { port: number; host?: string }): Promise<{ port: number | null }>;
  /** Waits for the work already started (tests, graceful shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a channel's weekly digest (the scheduler in main.ts calls it). */
  postDigest: DigestPoster;
}

interface SlackFileEvent extends SlackFileLike {
  filetype?: string;
  file_access?: string;
}

interface MessageLike {
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

const USAGE: Record<Language, string> = {
  en: 'Send me a paper: drop a PDF in this channel, or mention me with an arXiv id or link, a DOI or a PDF link, e.g. `@paperbot 2401.00001` (add `en` or `zh` for the language).',
  zh: '把论文发给我：直接在频道里上传 PDF，或者 @我 并附上 arXiv 编号/链接、DOI 或 PDF 链接，例如 `@paperbot 2401.00001`（可加 `en` 或 `zh` 指定语言）。',
};

const COMMAND_USAGE: Record<Language, string> = {
  en: 'Usage: `/summarize <arXiv id or link, DOI, or PDF link> [en|zh]`, e.g. `/summarize 2401.00001 en`. You can also drop a PDF in the channel.',
  zh: '用法：`/summarize <arXiv 编号或链接、DOI 或 PDF 链接> [en|zh]`，例如 `/summarize 2401.00001 zh`。也可以直接在频道里上传 PDF。',
};

const NOT_IN_CHANNEL: Record<Language, string> = {
  en: 'I cannot post in this channel. Invite me first (`/invite @paperbot`), then try again.',
  zh: '我无法在这个频道发消息。请先邀请我（`/invite @paperbot`），然后再试。',
};

const SHORTCUT_NOTHING: Record<Language, string> = {
  en: 'That message has no PDF, arXiv id, DOI or paper link to summarize.',
  zh: '这条消息里没有可以总结的 PDF、arXiv 编号、DOI 或论文链接。',
};

const THANKS: Record<Language, string> = {
  en: 'Thanks, your feedback on this summary is recorded.',
  zh: '谢谢，已记录你对这份摘要的反馈。',
};

/** The workspace an event came from (an org-wide install may only say the enterprise); keys "summarized before" links. */
function teamOf(context: { teamId?: string; enterpriseId?: string }): string {
  return context.teamId ?? context.enterpriseId ?? '-';
}

export function slackMode(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN'>): 'http' | 'socket' | null {
  if (!config.SLACK_BOT_TOKEN) return null;
  if (config.SLACK_APP_TOKEN) return 'socket';
  if (config.SLACK_SIGNING_SECRET) return 'http';
  return null;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config, summarizer } = deps;
  const mode = slackMode(config);
  if (!mode) throw new Error('Slack needs SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)');
  const token = config.SLACK_BOT_TOKEN!;
  const slackApiUrl = config.SLACK_API_URL ?? 'https://slack.com/api/';
  const logger = deps.logger ?? createBoltLogger(createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretsOf(config) }));
  const engine = deps.engine;
  const claimStore = deps.claims ?? createMemoryClaims();
  const claims = createSlackClaims({
    store: claimStore,
    dedupeTtlMs: deps.dedupeTtlMs ?? 60 * 60 * 1000,
    threadTtlMs: deps.threadTtlMs ?? 30 * 24 * 60 * 60 * 1000,
  });
  const inFlight = new Set<Promise<unknown>>();
  const papers = deps.cache ? createThreadPapers(deps.cache) : undefined;
  const history = deps.cache ? createChannelHistory(deps.cache) : undefined;
  const digests = deps.cache ? createDigestSubscriptions(deps.cache) : undefined;
  const cache = deps.cache;
  const threadDeps = {
    summarizer,
    logger,
    threads: claims,
    feedback: !!cache,
    ...(papers ? { papers } : {}),
    ...(history ? { history } : {}),
    ...(cache ? { onRegenerated: (sha256: string, language: Language) => recordRegeneration(cache, sha256, language) } : {}),
  };
  const qa = deps.cache && papers && deps.qa ? { cache: deps.cache, papers, codeVersion: deps.codeVersion ?? '', qa: deps.qa, logger } : null;
  const ownsQueue = !deps.queue;
  const queue = deps.queue ?? createInProcessQueue({ log: logger });
  const ledger = createDeliveryLedger(claimStore);
  // "Queued, position N" notes still being posted, by job id: the job waits for its note so the thread stays in order.
  const queuedNotes = new Map<string, Promise<unknown>>();

  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
  };
  const customRoutes = deps.metrics ? [healthz, metricsRoute(deps.metrics.registry)] : [healthz];
  // Five retries over about five minutes (429s honour Retry-After): an unreachable Slack fails in minutes, not half an hour.
  const clientOptions = { slackApiUrl, retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes };
  const app =
    mode === 'socket'
      ? new App({ token, appToken: config.SLACK_APP_TOKEN!, socketMode: true, port: config.PORT, customRoutes, clientOptions, logger, logLevel: logger.getLevel() })
      : new App({ token, signingSecret: config.SLACK_SIGNING_SECRET!, customRoutes, clientOptions, logger, logLevel: logger.getLevel() });

  /** Runs work after the listener returns (Bolt has acked by then); never throws into Bolt. */
  const background = (what: string, work: () => Promise<unknown>) => {
    const p = work()
      .catch((err: unknown) => logger.error(`${what} failed: ${(err as Error)?.stack ?? String(err)}`))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  /** Slack Connect files arrive as stubs: ask files.info for the real object. */
  const fullFile = async (client: webApi.WebClient, file: SlackFileEvent): Promise<SlackFileEvent> => {
    if (file.file_access !== 'check_file_info' && file.url_private_download) return file;
    const info = await client.files.info({ file: file.id });
    if (!info.file) throw new PaperError('download_failed', { reason: 'Slack did not return the file (files.info)' });
    return info.file as SlackFileEvent;
  };

  const fileJob = (client: webApi.WebClient, team: string, msg: Pick<MessageLike, 'channel' | 'ts' | 'thread_ts'>, file: SlackFileEvent, language: Language): ThreadJob => ({
    client,
    team,
    channel: msg.channel,
    messageTs: msg.ts,
    threadTs: msg.thread_ts ?? msg.ts,
    language,
    engine,
    source: { kind: 'file', fileId: file.id, language },
    load: async (downloading) => {
      const full = await fullFile(client, file);
      downloading();
      const bytes = await downloadSlackFile(full, { token, slackApiUrl, maxBytes: deps.maxPdfBytes, timeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000 });
      return { bytes, fileName: full.name ?? file.name ?? 'paper.pdf' };
    },
  });

  /** The ThreadJob for a queued payload (also one accepted before a restart). */
  const threadJob = (p: SlackJobPayload): ThreadJob => {
    const at = { channel: p.channel, ts: p.messageTs, thread_ts: p.threadTs };
    const job =
      p.source.kind === 'file'
        ? fileJob(app.client, p.team, at, p.source.file, p.language)
        : linkJob(app.client, p.team, p.channel, p.messageTs, p.threadTs, p.source.input, p.language);
    return { ...job, engine: p.engine, ...(p.bypassCache ? { bypassCache: true } : {}) };
  };

  /** Hands a summary to the queue (persisted there); when it has to wait, the thread hears its place in line. */
  const submit = async (user: string | undefined, p: SlackJobPayload): Promise<void> => {
    const accepted = await queue.enqueue<SlackJobPayload>({ kind: SLACK_JOB_KIND, user: `slack:${p.team}:${user ?? '?'}`, channel: `slack:${p.team}:${p.channel}`, payload: p });
    if (accepted.position === 0) return;
    const note = app.client.chat
      .postMessage({ channel: p.channel, thread_ts: p.threadTs, text: QUEUE_WORDS.queued[p.language](accepted.position) })
      .catch((err: Error) => logger.warn(`posting the queue position failed: ${err.message}`));
    queuedNotes.set(accepted.id, note);
  };

  queue.handle<SlackJobPayload>(SLACK_JOB_KIND, async (job, { replayed, signal }) => {
    const p = job.payload;
    await queuedNotes.get(job.id);
    queuedNotes.delete(job.id);
    // Run again after its answer went out (a worker died just after posting, a retry): the thread has it already.
    if (await ledger.wasPosted(job.id)) {
      logger.info(`job ${job.id} was answered before; not posting again`);
      return 'done';
    }
    const placeholderTs = await ledger.message(job.id);
    if (replayed) {
      await app.client.chat
        .postMessage({ channel: p.channel, thread_ts: p.threadTs, text: QUEUE_WORDS.resumed[p.language] })
        .catch((err: Error) => logger.warn(`posting the restart note failed: ${err.message}`));
    }
    const delivery = {
      ...(placeholderTs ? { placeholderTs } : {}),
      keepPlaceholder: (ts: string) => ledger.keepMessage(job.id, ts),
      posted: () => ledger.markPosted(job.id),
    };
    const outcome = await summarizeInThread({ ...threadJob(p), signal, delivery }, threadDeps);
    if (!outcome.ok && outcome.code === 'handed_back') return 'handed-back';
    // Sharing the file again is how people retry; let it through unless the file itself is the problem.
    if (!outcome.ok && p.releasesFileClaim && p.source.kind === 'file' && failureMayPass(outcome.code)) await claims.releaseFile(p.team, p.channel, p.source.file.id);
    return 'done';
  });
  // Given up for good (kept crashing, or kept killing its worker): the thread hears it instead of waiting forever.
  queue.onFailure<SlackJobPayload>(SLACK_JOB_KIND, async (job) => {
    const p = job.payload;
    if (await ledger.wasPosted(job.id)) return;
    const text = `:x: ${QUEUE_WORDS.gaveUp[p.language]}`;
    const ts = await ledger.message(job.id);
    if (ts) await app.client.chat.update({ channel: p.channel, ts, text, blocks: [] });
    else await app.client.chat.postMessage({ channel: p.channel, thread_ts: p.threadTs, text });
    await ledger.markPosted(job.id);
    await app.client.reactions.add({ channel: p.channel, timestamp: p.messageTs, name: 'x' }).catch(() => {});
    if (p.releasesFileClaim && p.source.kind === 'file') await claims.releaseFile(p.team, p.channel, p.source.file.id);
  });
  if (ownsQueue) void queue.start();

  /** Plain-JSON payload of a summary in `at`'s thread. */
  const payload = (team: string, at: Pick<MessageLike, 'channel' | 'ts' | 'thread_ts'>, language: Language, source: SlackJobPayload['source'], extra: Partial<SlackJobPayload> = {}): SlackJobPayload => ({
    platform: 'slack',
    team,
    channel: at.channel,
    messageTs: at.ts,
    threadTs: at.thread_ts ?? at.ts,
    language,
    engine,
    source,
    ...extra,
  });

  /** Queues one summary per PDF file in the message that was not answered before. Returns how many. */
  const handleFiles = async (team: string, msg: MessageLike): Promise<number> => {
    const pdfs = (msg.files ?? []).filter((f) => f && f.id && (isPdfFile(f) || f.file_access === 'check_file_info'));
    const language = parseMention(msg.text ?? '').language ?? config.SUMMARY_LANGUAGE;
    let queued = 0;
    for (const file of pdfs) {
      if (!(await claims.file(team, msg.channel, file.id))) {
        logger.debug(`file ${file.id} in ${msg.channel} already handled; skipped`);
        continue;
      }
      queued++;
      background(`queueing file ${file.id}`, () => submit(msg.user, payload(team, msg, language, { kind: 'file', file: jobFile(file) }, { releasesFileClaim: true })));
    }
    return queued;
  };

  /** A summary of a link, arXiv id or DOI typed in chat (never a local path). */
  const linkJob = (client: webApi.WebClient, team: string, channel: string, messageTs: string, threadTs: string, input: string, language: Language): ThreadJob => ({
    client,
    team,
    channel,
    messageTs,
    threadTs,
    language,
    engine,
    source: { kind: 'link', input, language },
    load: (downloading) =>
      loadPaper(
        input,
        {
          fetcher: deps.fetcher,
          maxBytes: deps.maxPdfBytes,
          readFile: async () => {
            throw new PaperError('url_refused', { reason: 'local files cannot be read from chat' });
          },
          statSize: async () => {
            throw new PaperError('url_refused', { reason: 'local files cannot be read from chat' });
          },
        },
        downloading,
      ),
  });

  const firstDelivery = async (body: { event_id?: string }, retryNum: number | undefined): Promise<boolean> => {
    if (!body.event_id) return true;
    if (await claims.event(body.event_id)) return true;
    logger.debug(`event ${body.event_id} already handled (retry ${retryNum ?? 0}); skipped`);
    return false;
  };

  const report = (body: { event_id?: string }, outcome: EventOutcome) => {
    logger.debug(`event ${body.event_id ?? '?'}: ${outcome}`);
    deps.onEvent?.(body.event_id, outcome);
  };

  // SLACK_ALLOWED_CHANNELS: everything from other channels is ignored (events) or refused privately (commands, shortcuts).
  const allowedChannels = config.SLACK_ALLOWED_CHANNELS ? new Set(config.SLACK_ALLOWED_CHANNELS) : null;
  if (allowedChannels) {
    app.use(async (args) => {
      const body = args.body as { event?: { channel?: string }; channel_id?: string; channel?: { id?: string }; event_id?: string; command?: string };
      const channel = body.event?.channel ?? body.channel_id ?? body.channel?.id;
      if (!channel || allowedChannels.has(channel)) return args.next();
      logger.debug(`ignored: channel ${channel} is not in SLACK_ALLOWED_CHANNELS`);
      const text = NOT_ENABLED_HERE[config.SUMMARY_LANGUAGE].channel;
      const { ack, respond } = args as { ack?: (r?: unknown) => Promise<void>; respond?: (r: unknown) => Promise<unknown> };
      if (body.command) return ack?.({ response_type: 'ephemeral', text });
      await ack?.();
      if (respond) await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
      if (body.event) report(body, 'ignored');
    });
  }

  app.event('message', async ({ event, body, context }) => {
    const msg = event as unknown as MessageLike;
    if (msg.subtype !== 'file_share' || !msg.files?.length) return report(body, 'ignored');
    if (!(await firstDelivery(body, context.retryNum))) return report(body, 'duplicate');
    const pdfs = msg.files.filter((f) => isPdfFile(f) || f.file_access === 'check_file_info');
    if (pdfs.length === 0) return report(body, 'ignored');
    report(body, (await handleFiles(teamOf(context), msg)) > 0 ? 'queued' : 'duplicate');
  });

  app.event('app_mention', async ({ event, body, context, client }) => {
    const msg = event as unknown as MessageLike;
    if (!(await firstDelivery(body, context.retryNum))) return report(body, 'duplicate');
    if (msg.files?.some((f) => isPdfFile(f) || f.file_access === 'check_file_info')) {
      return report(body, (await handleFiles(teamOf(context), msg)) > 0 ? 'queued' : 'duplicate');
    }
    const { input, language: asked } = parseMention(msg.text ?? '');
    const language = asked ?? config.SUMMARY_LANGUAGE;
    const threadTs = msg.thread_ts ?? msg.ts;
    // In a summary's thread, a mention that asks something (or has nothing to summarize) is a question about the paper.
    const question = questionText(msg.text ?? '');
    if (qa && msg.thread_ts && question && (!input || looksLikeQuestion(question))) {
      const where = { team: teamOf(context), channel: msg.channel, threadTs: msg.thread_ts };
      if (await papers!.lookup({ platform: 'slack', workspace: where.team, channel: where.channel, thread: where.threadTs })) {
        background('answering a question', () => answerInThread({ client, ...where, question }, qa));
        return report(body, 'question');
      }
    }
    if (!input) {
      background('usage hint', () => client.chat.postMessage({ channel: msg.channel, thread_ts: threadTs, text: USAGE[language] }));
      return report(body, 'usage');
    }
    background(`queueing ${input}`, () => submit(msg.user, payload(teamOf(context), msg, language, { kind: 'link', input })));
    report(body, 'queued');
  });

  // `/papers [search <words>]`: the channel's papers, privately (the history never crosses workspaces).
  app.command('/papers', async ({ command, ack, context }) => {
    const language = config.SUMMARY_LANGUAGE;
    const digest = digestSwitch(command.text ?? '');
    if (digest !== null) {
      if (!digests) {
        await ack({ response_type: 'ephemeral', text: DIGEST_WORDS[language].unavailable });
        return;
      }
      await digests.set({ platform: 'slack', workspace: teamOf(context), channel: command.channel_id, language }, digest);
      await ack({ response_type: 'ephemeral', text: DIGEST_WORDS[language][digest ? 'on' : 'off'] });
      return;
    }
    const search = (command.text ?? '').trim().replace(/^search\s+/i, '').trim() || null;
    if (!history) {
      await ack({ response_type: 'ephemeral', text: PAPERS_WORDS[language].unavailable });
      return;
    }
    const items = await listPapers(history, deps.cache, { platform: 'slack', workspace: teamOf(context), channel: command.channel_id }, search);
    await ack({ response_type: 'ephemeral', ...renderPapers(items, search, language) });
  });

  // `/summarize <arXiv id, DOI or PDF link> [en|zh]`: a visible message in the channel, answered in its thread.
  app.command('/summarize', async ({ command, ack, client, respond, context }) => {
    const { input, language: asked } = parseMention(command.text ?? '');
    const language = asked ?? config.SUMMARY_LANGUAGE;
    if (!input) {
      await ack({ response_type: 'ephemeral', text: COMMAND_USAGE[language] });
      return;
    }
    await ack();
    background(`/summarize ${input}`, async () => {
      let ts: string | undefined;
      try {
        const posted = await client.chat.postMessage({
          channel: command.channel_id,
          text: `<@${command.user_id}> /summarize ${escapeSlack(input)}`,
        });
        ts = posted.ts;
      } catch (err) {
        logger.warn(`/summarize could not post in ${command.channel_id}: ${(err as Error).message}`);
        await respond({ response_type: 'ephemeral', text: NOT_IN_CHANNEL[language] });
        return;
      }
      if (ts) await submit(command.user_id, payload(teamOf(context), { channel: command.channel_id, ts }, language, { kind: 'link', input }));
    });
  });

  // The buttons under a summary: make it again without the cache, or in the other language; a new reply in the thread.
  app.action(new RegExp(`^(${ACTION_IDS.regenerate}|${ACTION_IDS.language})$`), async ({ ack, body, action, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const ref = decodeSourceRef(action.value);
    const channel = body.channel?.id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    if (!ref || !channel || !message?.ts) return;
    const regenerate = action.action_id === ACTION_IDS.regenerate;
    if (regenerate) deps.metrics?.regenerateClicks.inc({ platform: 'slack' });
    const language: Language = regenerate ? ref.language : ref.language === 'zh' ? 'en' : 'zh';
    const at = { channel, ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) };
    const source: SlackJobPayload['source'] = ref.kind === 'file' ? { kind: 'file', file: { id: ref.fileId, file_access: 'check_file_info' } } : { kind: 'link', input: ref.input };
    background(`${action.action_id} ${ref.kind}`, () => submit(body.user.id, payload(teamOf(context), at, language, source, regenerate ? { bypassCache: true } : {})));
  });

  app.action(new RegExp(`^(${ACTION_IDS.feedbackUp}|${ACTION_IDS.feedbackDown})$`), async ({ ack, body, action, respond }) => {
    await ack();
    if (!deps.cache || body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const target = decodeFeedbackValue(action.value);
    if (!target) return;
    const vote = action.action_id === ACTION_IDS.feedbackUp ? 'up' : 'down';
    const cache = deps.cache;
    background('feedback', async () => {
      await recordVote(cache, target.sha256, target.language, body.user.id, vote);
      deps.metrics?.feedbackVotes.inc({ platform: 'slack', vote });
      await respond({ response_type: 'ephemeral', replace_original: false, text: THANKS[target.language] });
    });
  });

  // Message shortcut "Summarize paper" (callback_id summarize_paper) on any message with a PDF or a paper link.
  app.shortcut({ callback_id: 'summarize_paper', type: 'message_action' }, async ({ ack, shortcut, respond, context }) => {
    await ack();
    const team = teamOf(context);
    const channel = shortcut.channel.id;
    const msg = shortcut.message as unknown as Partial<MessageLike> & { ts: string };
    const at = { channel, ts: msg.ts, ...(msg.thread_ts ? { thread_ts: msg.thread_ts } : {}) };
    const language = config.SUMMARY_LANGUAGE;
    const pdfs = (msg.files ?? []).filter((f) => f && f.id && (isPdfFile(f) || f.file_access === 'check_file_info'));
    if (pdfs.length > 0) {
      for (const file of pdfs) background(`shortcut on file ${file.id}`, () => submit(shortcut.user.id, payload(team, at, language, { kind: 'file', file: jobFile(file) })));
      return;
    }
    const { input, language: asked } = parseMention(msg.text ?? '');
    if (!input) {
      background('shortcut usage', () => respond({ response_type: 'ephemeral', text: SHORTCUT_NOTHING[language] }));
      return;
    }
    background(`shortcut on ${input}`, () => submit(shortcut.user.id, payload(team, at, asked ?? language, { kind: 'link', input })));
  });

  app.error(async (err) => {
    logger.error(`Slack app error: ${err.stack ?? err.message}`);
  });

  // Listeners' work (claims, enqueueing, notes) and, through the queue, the summaries themselves.
  const idle = async () => {
    do {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await queue.onIdle();
    } while (inFlight.size > 0);
  };

  let receiverStarted = false;
  return {
    app,
    mode,
    postDigest: slackDigestPoster(app.client),
    async start(listen) {
      await checkSlackToken(token, slackApiUrl);
      if (mode === 'socket') {
        await app.start();
        receiverStarted = true;
        return { port: config.PORT };
      }
      const started = (await app.start(listen ?? { port: config.PORT })) as unknown as Server;
      receiverStarted = true;
      return { port: (started.address() as AddressInfo).port };
    },
    idle,
    async stop() {
      if (receiverStarted) await app.stop().catch((err: Error) => logger.warn(`stopping the Slack app: ${err.message}`));
      // A shared queue is drained (within SHUTDOWN_TIMEOUT_S) by its owner; a private one is waited for here.
      if (ownsQueue) await idle();
      else while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
