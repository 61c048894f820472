/**
 * The real Discord bot (discord.js Client) against the fake Discord, with the real pipeline (extractive, or the fake
 * OpenAI server), a fake CDN on the fake's own origin, and helpers to read what the bot sent.
 */
import type { Fetcher } from '../../src/core/ports.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { createDiscordBot, type DiscordBot, type DiscordBotDeps } from '../../src/adapters/discord/bot.ts';
import { createLog } from '../../src/adapters/common/log.ts';
import { createLogger } from '../../src/adapters/common/logger.ts';
import { createGuardedFetcher } from '../../src/services/guarded-fetch.ts';
import { startFakeDiscord, waitFor, type FakeDiscord, type RestCall } from './fake-discord.ts';
import type { FakeOpenAi } from './fake-openai.ts';
import type { JobQueue } from '../../src/core/queue/index.ts';
import { realPipeline, type TestPipeline } from './real-summarizer.ts';

export interface DiscordHarness {
  fake: FakeDiscord;
  pipeline: TestPipeline;
  bot: DiscordBot;
  /** URLs the link fetcher was asked for. */
  fetched: string[];
  /** Stops the client and starts a fresh one on the same cache (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  openAi?: FakeOpenAi;
  /** Bytes answered for arxiv.org / doi.org links (no network); other links go through the real guarded fetcher. */
  linkPdf?: Uint8Array;
  wrap?: (s: Summarizer) => Summarizer;
  inflate?: (r: SummaryResult) => SummaryResult;
  bot?: Partial<Pick<DiscordBotDeps, 'interactionWindowMs' | 'lateMarginMs' | 'now' | 'maxPdfBytes' | 'qa' | 'codeVersion' | 'metrics' | 'quota'>>;
  autoChannels?: string[];
  /** Overrides of the bot's settings (e.g. allowedGuilds). */
  settings?: Partial<DiscordBotDeps['settings']>;
  /** Makes the job queue of each bot life (limits, a store that outlives a restart); started after the bot. */
  queue?: () => JobQueue;
  /** More pipeline configuration, as environment variables (STREAMING=off, LLM_MAX_RETRIES, …). */
  pipelineEnv?: Record<string, string>;
}

export async function startDiscordHarness(opts: HarnessOptions = {}): Promise<DiscordHarness> {
  const fake = await startFakeDiscord();
  const pipeline = realPipeline({ ...(opts.openAi ? { baseURL: opts.openAi.baseURL } : {}), ...(opts.pipelineEnv ? { env: opts.pipelineEnv } : {}) });
  const fetched: string[] = [];
  // Loopback is allowed here only because the test's own servers live there; production uses public addresses only.
  const guarded = createGuardedFetcher({ maxBytes: 25 * 1024 * 1024, timeoutMs: 10_000, isAddressAllowed: () => true });
  const fetcher: Fetcher = {
    async fetchBytes(url) {
      fetched.push(url);
      const host = new URL(url).hostname;
      if (opts.linkPdf && (host === 'arxiv.org' || host === 'doi.org')) return { bytes: opts.linkPdf, finalUrl: url, contentType: 'application/pdf' };
      return guarded.fetchBytes(url);
    },
  };
  let summarizer: Summarizer = pipeline.summarizer;
  const inflate = opts.inflate;
  if (inflate) {
    const inner = summarizer;
    summarizer = { summarize: async (req, p) => inflate(await inner.summarize(req, p)) };
  }
  if (opts.wrap) summarizer = opts.wrap(summarizer);
  let queue: JobQueue | undefined;
  const make = () =>
    createDiscordBot({
      settings: {
        token: 'test-discord-token',
        apiUrl: fake.apiUrl,
        autoChannels: opts.autoChannels ?? [],
        ...opts.settings,
        defaultLanguage: 'en',
        downloadTimeoutMs: 10_000,
      },
      summarizer,
      engine: opts.openAi ? 'llm' : 'extractive',
      fetcher,
      maxPdfBytes: 25 * 1024 * 1024,
      cache: pipeline.cache,
      log: createLog(createLogger({ level: 'silent' }), 'test'),
      ...opts.bot,
      ...((queue = opts.queue?.()) ? { queue } : {}),
    });
  const h: DiscordHarness = {
    fake,
    pipeline,
    bot: make(),
    fetched,
    async restart() {
      await h.bot.stop();
      const before = fake.identifies.length;
      h.bot = make();
      await h.bot.start();
      await queue?.start();
      await waitFor('a second identify', () => fake.identifies.length > before);
    },
    async close() {
      await h.bot.stop();
      await pipeline.close();
      await fake.close();
    },
  };
  await h.bot.start();
  await queue?.start();
  return h;
}

type Body = Record<string, unknown> & { type?: number; data?: Record<string, unknown>; embeds?: unknown[]; content?: string };

export const bodyOf = (c: RestCall) => (c.body ?? {}) as Body;

/** Calls that create or edit a visible message (not deferrals), with the message part of their body. */
export function messageBodies(calls: RestCall[]): Body[] {
  const out: Body[] = [];
  for (const c of calls) {
    const b = bodyOf(c);
    if (c.path.endsWith('/callback')) {
      if (b.type === 4 || b.type === 7) out.push((b.data ?? {}) as Body);
    } else if ((c.method === 'POST' || c.method === 'PATCH') && /^\/(webhooks|channels)\//.test(c.path)) out.push(b);
  }
  return out;
}

/** The final message of an interaction: the last webhook edit with embeds. */
export function finalEdit(fake: FakeDiscord, token: string): RestCall | undefined {
  return fake.callsFor(token).filter((c) => c.method === 'PATCH' && (bodyOf(c).embeds ?? []).length > 0).at(-1);
}

export function lastEdit(fake: FakeDiscord, token: string): RestCall | undefined {
  return fake.callsFor(token).filter((c) => c.method === 'PATCH').at(-1);
}

/** The edits of an interaction's reply that Discord accepted (not the ones it answered 429 or an error). */
export function acceptedEdits(fake: FakeDiscord, token: string): RestCall[] {
  return fake.callsFor(token).filter((c) => c.method === 'PATCH' && c.status === 200);
}

/** The most calls that arrived within any `windowMs` (a window closed at both ends). */
export function mostInWindow(calls: RestCall[], windowMs: number): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < at.length; j++) {
    while (at[j]! - at[i]! > windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
