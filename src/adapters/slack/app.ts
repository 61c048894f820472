/**
 * The Slack app on Bolt 5: HTTP (Events API on PORT, signed requests, `GET /healthz`) or Socket Mode when
 * SLACK_APP_TOKEN is set. Every Web API call goes to SLACK_API_URL. Listeners only decide what to do; the work runs
 * after Bolt has acknowledged the event, and each event / shared file is answered at most once (also across restarts
 * when `claims` is a persistent store).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type Logger, webApi } from '@slack/bolt';
import type { DigestPoster } from '../../core/history/digest-scheduler.ts';
import { createChannelHistory } from '../../core/history/channel-history.ts';
import { createDigestSubscriptions } from '../../core/history/digest-subscriptions.ts';
import type { PaperbotMetrics } from '../../core/metrics/paperbot-metrics.ts';
import type { Summarizer } from '../../core/pipeline/summarizer.ts';
import type { ClaimStore, Fetcher, SummaryCache } from '../../core/ports.ts';
import type { QaDeps } from '../../core/qa/answer-question.ts';
import type { Quota } from '../../core/quota/index.ts';
import { createDeliveryLedger, createInProcessQueue, type JobQueue } from '../../core/queue/index.ts';
import { createMemoryClaims } from '../../core/queue/memory-claims.ts';
import type { Engine } from '../../core/types.ts';
import { registerJobs } from '../common/job-flow/register-jobs.ts';
import { createThreadPapers } from '../common/thread-papers.ts';
import { useAllowList } from './allow-list.ts';
import { checkSlackToken } from './check-token.ts';
import { createSlackClaims } from './claims.ts';
import type { EventOutcome, SlackContext } from './context.ts';
import { registerActions } from './handle-actions.ts';
import { registerCommands } from './handle-commands.ts';
import { registerMessageListeners } from './handle-messages.ts';
import { slackDigestPoster } from './post-digest.ts';
import { slackJobs } from './slack-jobs.ts';
import { slackMode, type SlackSettings } from './slack-settings.ts';
import { createSlackStreaming } from './slack-streaming.ts';

/** A Bolt custom route (GET /metrics, served on the app's own HTTP server next to /healthz). */
export interface SlackRoute {
  path: string;
  method: string[];
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
}

export interface SlackAppDeps {
  settings: SlackSettings;
  summarizer: Summarizer;
  /** The engine summaries use (llm when a model endpoint is configured). */
  engine: Engine;
  fetcher: Fetcher;
  maxPdfBytes: number;
  /** Where 👍 / 👎 votes are kept (the summary cache); without it there are no feedback buttons. */
  cache?: SummaryCache;
  /** Where the app and Bolt log (the process's logger, which redacts secrets: see createBoltLogger). */
  logger: Logger;
  /** Where event ids, channel+file keys and first threads are remembered (CACHE_URL's store); default: memory only. */
  claims?: ClaimStore;
  /** How long event ids and channel+file keys are remembered; default 1 hour. */
  dedupeTtlMs?: number;
  /** How long the first thread of a paper is remembered for "summarized before" links; default 30 days. */
  threadTtlMs?: number;
  /** Told what became of each event once its listener has decided (tests, metrics). */
  onEvent?: (eventId: string | undefined, outcome: EventOutcome) => void;
  /**
   * Where summaries wait their turn (`serve` shares one across platforms, persisted, started and stopped by commands/serve.ts).
   * Default: a private in-memory queue without limits, started here and drained by stop().
   */
  queue?: JobQueue;
  /** Questions in a summary's thread are answered from the paper (with the cache, which keeps the paper's text). */
  qa?: QaDeps;
  /** Spending caps, charged right before each model call (uncached summary, Regenerate, question); default: none. */
  quota?: Quota;
  /** paperbot's version: the paper texts in the cache are keyed by it. */
  codeVersion?: string;
  /** This process's metrics: feedback votes and Regenerate clicks are counted in it. */
  metrics?: PaperbotMetrics;
  /** More routes on the app's HTTP server besides GET /healthz (GET /metrics). */
  routes?: SlackRoute[];
}

export type { EventOutcome } from './context.ts';
export { slackMode, type SlackSettings } from './slack-settings.ts';

export interface SlackApp {
  app: App;
  mode: 'http' | 'socket';
  /** Starts listening (HTTP: on `listen` or settings.port) or connects (Socket Mode). Returns the HTTP port when there is one. */
  start(listen?: { port: number; host?: string }): Promise<{ port: number | null }>;
  /** Waits for the work already started (tests, graceful shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a channel's weekly digest (the scheduler in commands/serve.ts calls it). */
  postDigest: DigestPoster;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { settings, logger } = deps;
  const mode = slackMode(settings);
  if (!mode) throw new Error('Slack needs SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)');
  const token = settings.botToken;
  const slackApiUrl = settings.apiUrl ?? 'https://slack.com/api/';
  const claimStore = deps.claims ?? createMemoryClaims();
  const claims = createSlackClaims({
    store: claimStore,
    dedupeTtlMs: deps.dedupeTtlMs ?? 60 * 60 * 1000,
    threadTtlMs: deps.threadTtlMs ?? 30 * 24 * 60 * 60 * 1000,
  });
  const inFlight = new Set<Promise<unknown>>();
  const cache = deps.cache;
  const papers = cache ? createThreadPapers(cache) : undefined;
  const history = cache ? createChannelHistory(cache) : undefined;
  const ownsQueue = !deps.queue;
  const queue = deps.queue ?? createInProcessQueue({ log: logger });

  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
  };
  const customRoutes = [healthz, ...(deps.routes ?? [])];
  // Five retries over about five minutes (429s honour Retry-After): an unreachable Slack fails in minutes, not half an hour.
  const clientOptions = { slackApiUrl, retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes };
  const app =
    mode === 'socket'
      ? new App({ token, appToken: settings.appToken!, socketMode: true, port: settings.port, customRoutes, clientOptions, logger, logLevel: logger.getLevel() })
      : new App({ token, signingSecret: settings.signingSecret!, customRoutes, clientOptions, logger, logLevel: logger.getLevel() });

  // The shared job flow: Slack supplies the loader and the thread poster; queue, ledger and words are common.
  const ledger = createDeliveryLedger(claimStore);
  // One per app: the per-workspace budgets are shared by every job and question streaming at the same time.
  const streaming = createSlackStreaming(settings.streaming);
  const submitJob = registerJobs(
    queue,
    ledger,
    slackJobs({
      client: app.client,
      token,
      slackApiUrl,
      fetcher: deps.fetcher,
      maxPdfBytes: deps.maxPdfBytes,
      downloadTimeoutMs: settings.downloadTimeoutMs,
      arxivPdfUrl: settings.arxivPdfUrl,
      logger,
      ledger,
      claims,
      feedback: !!cache,
      papers,
      streaming,
    }),
    { summarizer: deps.summarizer, log: logger, cache, history, quota: deps.quota },
  );
  if (ownsQueue) void queue.start();

  const ctx: SlackContext = {
    defaultLanguage: settings.defaultLanguage,
    engine: deps.engine,
    logger,
    claims,
    cache,
    papers,
    history,
    digests: cache ? createDigestSubscriptions(cache) : undefined,
    metrics: deps.metrics,
    qa: cache && papers && deps.qa ? { cache, papers, codeVersion: deps.codeVersion ?? '', qa: deps.qa, logger, quota: deps.quota, streaming } : null,
    // Who asked travels with the job: a native stream in a channel is addressed to them.
    submit: (user, p) => submitJob(user && !p.recipient ? { ...p, recipient: { user, team: p.team } } : p, { user: `slack:${p.team}:${user ?? '?'}`, channel: `slack:${p.team}:${p.channel}` }),
    background(what, work) {
      const p = work()
        .catch((err: unknown) => logger.error(`${what} failed: ${(err as Error)?.stack ?? String(err)}`))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async firstDelivery(body, retryNum) {
      if (!body.event_id) return true;
      if (await claims.event(body.event_id)) return true;
      logger.debug(`event ${body.event_id} already handled (retry ${retryNum ?? 0}); skipped`);
      return false;
    },
    report(body, outcome) {
      logger.debug(`event ${body.event_id ?? '?'}: ${outcome}`);
      deps.onEvent?.(body.event_id, outcome);
    },
  };

  if (settings.allowedChannels) useAllowList(app, new Set(settings.allowedChannels), settings.defaultLanguage, ctx);
  registerMessageListeners(app, ctx);
  registerCommands(app, ctx);
  registerActions(app, ctx);

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
        return { port: settings.port };
      }
      const started = (await app.start(listen ?? { port: settings.port })) as unknown as Server;
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
