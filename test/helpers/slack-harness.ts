/**
 * The real Bolt app (HTTP or Socket Mode) wired to the local fakes and a real pipeline, plus the Slack payloads the
 * tests send and the questions they ask of the recorded Web API calls. One place for the set-up every Slack test needs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { createSlackApp, type EventOutcome, type SlackApp, type SlackSettings } from '../../src/adapters/slack/app.ts';
import { createBoltLogger } from '../../src/adapters/slack/logger.ts';
import { createLogger } from '../../src/adapters/common/logger.ts';
import type { ClaimStore, Fetcher, SummaryCache } from '../../src/core/ports.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import type { Language } from '../../src/core/types.ts';
import type { JobQueue } from '../../src/core/queue/index.ts';
import { createGuardedFetcher } from '../../src/services/guarded-fetch.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack, type SlackCall } from './fake-slack.ts';
import { startFakeSocketMode, type FakeSocketMode } from './fake-socket-mode.ts';
import { freePort } from './free-port.ts';
import { realPipeline } from './real-summarizer.ts';
import type { QaDeps } from '../../src/core/qa/answer-question.ts';
import type { Quota } from '../../src/core/quota/index.ts';
import { VERSION } from '../../src/version.ts';
import { metricsRoute } from '../../src/services/metrics-server.ts';
import type { PaperbotMetrics } from '../../src/core/metrics/paperbot-metrics.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token-123';
export const APP_TOKEN = 'xapp-socket-test';
export const TEAM_ID = 'T000FAKE';
export const SAMPLE_PDF = readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url));
const MAX_PDF_BYTES = 25 * 1024 * 1024;

/** What the app summarizes with; the harness closes only what it built itself. */
export interface HarnessServices {
  summarizer: Summarizer;
  cache?: SummaryCache;
  claims?: ClaimStore;
  fetcher?: Fetcher;
}

export interface HarnessOptions {
  mode?: 'http' | 'socket';
  /** A running fake to reuse (e.g. across an app restart); otherwise one is started and closed with the harness. */
  slack?: FakeSlack;
  /** Use these instead of a fresh real pipeline (memory cache, extractive engine unless `modelUrl`). */
  services?: HarnessServices;
  /** OpenAI-compatible base URL for the fresh pipeline; set it also with `services` that have a model: it turns the engine to `llm`. */
  modelUrl?: string;
  /** Model retries of the fresh pipeline (default 2). */
  modelRetries?: number;
  fetcher?: Fetcher;
  /** Changes what the summarizer returns (e.g. a result too long for one message). */
  wrap?: (summarizer: Summarizer) => Summarizer;
  language?: Language;
  /** The job queue (limits, persistence); default: the app's own unlimited in-memory queue. Started by the harness. */
  queue?: JobQueue;
  /** Answer questions in summary threads (model null: passages only). */
  qa?: QaDeps;
  /** Overrides of the app's settings (e.g. allowedChannels). */
  settings?: Partial<SlackSettings>;
  /** Metrics to serve at /metrics and count feedback in (e.g. createServices' own). */
  metrics?: PaperbotMetrics;
  /** Spending caps charged before model calls (default: none). */
  quota?: Quota;
}

export interface SlackHarness {
  slack: FakeSlack;
  bot: SlackApp;
  cache: SummaryCache | undefined;
  /** http://127.0.0.1:port of the app's HTTP server (events in HTTP mode, /healthz in both). */
  origin: string;
  eventsUrl: string;
  socket: FakeSocketMode | null;
  /** Outcomes the app reported, by event id, in order. */
  outcomes: Map<string, EventOutcome[]>;
  /** Delivers an Events API payload as Slack would: a signed POST, or a Socket Mode envelope. */
  send(payload: { event_id: string }, opts?: { retryNum?: number }): Promise<void>;
  /** Waits until the app decided about the event and finished the work it started; returns the outcomes. */
  settled(eventId: string, deliveries?: number): Promise<EventOutcome[]>;
  /** Stops the app and closes what the harness started (not a fake or services passed in). */
  close(): Promise<void>;
}

export function slackTestSettings(apiUrl: string, opts: { mode: 'http' | 'socket'; port: number; language: Language }): SlackSettings {
  return {
    botToken: BOT_TOKEN,
    signingSecret: opts.mode === 'http' ? SIGNING_SECRET : undefined,
    appToken: opts.mode === 'socket' ? APP_TOKEN : undefined,
    apiUrl,
    port: opts.port,
    defaultLanguage: opts.language,
    downloadTimeoutMs: 10_000,
  };
}

export async function startSlackHarness(opts: HarnessOptions = {}): Promise<SlackHarness> {
  const mode = opts.mode ?? 'http';
  const slack = opts.slack ?? (await startFakeSlack());
  const socket = mode === 'socket' ? await startFakeSocketMode() : null;
  if (socket) slack.socketUrl = socket.url;
  const pipeline = opts.services ? null : realPipeline({ ...(opts.modelUrl ? { baseURL: opts.modelUrl } : {}), ...(opts.modelRetries !== undefined ? { maxRetries: opts.modelRetries } : {}) });
  const services: HarnessServices = opts.services ?? pipeline!;
  const outcomes = new Map<string, EventOutcome[]>();
  const settings = slackTestSettings(slack.apiUrl, {
    mode,
    port: mode === 'socket' ? await freePort() : 3000,
    language: opts.language ?? 'en',
  });
  const bot = createSlackApp({
    // Streaming is opted into (settings.streaming): the other tests see the unstreamed flow they were written for.
    settings: { ...settings, streaming: 'off', ...opts.settings },
    summarizer: opts.wrap ? opts.wrap(services.summarizer) : services.summarizer,
    engine: opts.modelUrl ? 'llm' : 'extractive',
    fetcher: opts.fetcher ?? services.fetcher ?? createGuardedFetcher({ maxBytes: MAX_PDF_BYTES, timeoutMs: 10_000 }),
    maxPdfBytes: MAX_PDF_BYTES,
    ...(services.cache ? { cache: services.cache } : {}),
    ...(services.claims ? { claims: services.claims } : {}),
    logger: createBoltLogger(createLogger({ level: 'silent' })),
    onEvent: (id, outcome) => outcomes.set(id ?? '?', [...(outcomes.get(id ?? '?') ?? []), outcome]),
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.qa ? { qa: opts.qa, codeVersion: VERSION } : {}),
    ...(opts.metrics ? { metrics: opts.metrics, routes: [metricsRoute(opts.metrics.registry)] } : {}),
    ...(opts.quota ? { quota: opts.quota } : {}),
  });
  const { port } = await bot.start({ port: 0, host: '127.0.0.1' });
  await opts.queue?.start();
  if (socket) await socket.connected;
  const origin = `http://127.0.0.1:${port}`;
  const eventsUrl = `${origin}/slack/events`;
  return {
    slack,
    bot,
    cache: services.cache,
    origin,
    eventsUrl,
    socket,
    outcomes,
    async send(payload, { retryNum } = {}) {
      if (socket) {
        socket.sendEvent(payload, retryNum ?? 0);
        return;
      }
      const res = await postSignedEvent(eventsUrl, SIGNING_SECRET, payload, retryNum !== undefined ? { retryNum } : {});
      if (res.status !== 200) throw new Error(`the app answered ${res.status} to ${payload.event_id}`);
    },
    async settled(eventId, deliveries = 1) {
      await waitFor(`outcome of ${eventId}`, () => (outcomes.get(eventId)?.length ?? 0) >= deliveries);
      await bot.idle();
      return outcomes.get(eventId)!;
    },
    async close() {
      await bot.stop();
      await pipeline?.close();
      await socket?.close();
      if (!opts.slack) await slack.close();
    },
  };
}

/** A harness for the whole describe block: started before its tests, closed after them. */
export function useSlackHarness(opts: HarnessOptions | (() => Promise<HarnessOptions>) = {}): () => SlackHarness {
  let h: SlackHarness | undefined;
  beforeAll(async () => {
    h = await startSlackHarness(typeof opts === 'function' ? await opts() : opts);
  });
  afterAll(async () => {
    await h?.close();
  });
  return () => {
    if (!h) throw new Error('the Slack harness is not started (use it inside a test)');
    return h;
  };
}

/** A fake Slack Web API for the whole describe block (for tests that start the app their own way). */
export function useFakeSlack(): () => FakeSlack {
  let slack: FakeSlack | undefined;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });
  return () => {
    if (!slack) throw new Error('the fake Slack is not started (use it inside a test)');
    return slack;
  };
}

let nextId = 0;
/** A fresh id for payloads built by hand. */
export function nextEventId(prefix = 'Ev'): string {
  nextId += 1;
  return `${prefix}${String(nextId).padStart(6, '0')}`;
}

/** An Events API envelope around `event`, from the fake workspace. */
export function eventCallback<E extends Record<string, unknown>>(event: E, eventId = nextEventId()) {
  return { token: 'legacy', team_id: TEAM_ID, api_app_id: 'A000FAKE', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event };
}

/** A `message` / `file_share` event: someone dropped `file` into `channel`. */
export function fileShareEvent(channel: string, file: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const eventId = nextEventId();
  const ts = `1700${eventId.slice(2)}.000200`;
  return eventCallback({ type: 'message', subtype: 'file_share', channel, channel_type: 'channel', user: 'U0HUMAN', text: '', ts, files: [file], ...extra }, eventId);
}

/** An `app_mention` event with `text` in `channel`. */
export function mentionEvent(channel: string, text: string, extra: Record<string, unknown> = {}) {
  const eventId = nextEventId('EvMention');
  return eventCallback({ type: 'app_mention', channel, user: 'U0HUMAN', text, ts: `1701${eventId.slice(-6)}.000100`, ...extra }, eventId);
}

/** A Slack file object whose bytes the fake serves (a PDF by default, the sample paper by default). */
export function pdfFile(slack: FakeSlack, id: string, name = 'sample-paper.pdf', body: Uint8Array | string = SAMPLE_PDF, contentType = 'application/pdf') {
  const url = slack.serveFile(`${id}/${name}`, { body, contentType });
  return { id, name, mimetype: 'application/pdf', filetype: 'pdf', size: body.length, url_private_download: url, url_private: url };
}

/** Names of the reactions added, in order. */
export const reactions = (calls: SlackCall[]) => calls.filter((c) => c.method === 'reactions.add').map((c) => c.params.name);

const hasBlocks = (c: SlackCall) => Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;

/** Every chat.update in `channel` that put a summary (blocks) in place, in order. */
export const summaryUpdates = (slack: FakeSlack, channel: string) => slack.callsIn(channel, 'chat.update').filter(hasBlocks);

/** The first summary (blocks) posted in `channel`. */
export const finalUpdate = (slack: FakeSlack, channel: string) => summaryUpdates(slack, channel)[0];

/** The text of the last chat.update in `channel` (the summary's fallback text, or the error words). */
export const lastUpdateText = (slack: FakeSlack, channel: string) => String(slack.callsIn(channel, 'chat.update').at(-1)?.params.text ?? '');

/** A `block_actions` payload: `button` clicked on the summary message `summaryTs` in the thread `threadTs`. */
export function buttonClickPayload(o: { channel: string; summaryTs: string; threadTs: string; responseUrl: string; button: { action_id: string; value: string } }) {
  return {
    type: 'block_actions',
    user: { id: 'U0HUMAN', username: 'human', team_id: TEAM_ID },
    api_app_id: 'A000FAKE',
    token: 'legacy',
    container: { type: 'message', message_ts: o.summaryTs, channel_id: o.channel, is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: TEAM_ID, domain: 'fake' },
    channel: { id: o.channel, name: 'papers' },
    message: { type: 'message', ts: o.summaryTs, thread_ts: o.threadTs, text: 'summary', bot_id: 'B0BOT' },
    response_url: o.responseUrl,
    actions: [{ ...o.button, block_id: 'paperbot_actions', type: 'button', text: { type: 'plain_text', text: 'x' }, action_ts: '1700003000.1' }],
  };
}
