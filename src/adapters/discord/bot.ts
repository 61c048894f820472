/**
 * The Discord bot on discord.js 14: one Client whose REST base is DISCORD_API_URL (the gateway URL then comes from
 * its `GET /gateway/bot`), intents Guilds (plus GuildMessages and the privileged MessageContent only when
 * DISCORD_AUTO_CHANNELS is set), `allowedMentions: { parse: [] }` as the client default and on every call.
 * One interactionCreate handler routes by command name and custom_id; reconnects are discord.js's job.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { ClaimStore, Fetcher, SummaryCache } from '../../core/ports.ts';
import type { Summarizer } from '../../core/pipeline/summarizer.ts';
import type { Engine } from '../../core/types.ts';
import type { Log } from '../common/log.ts';
import { createChannelPoster } from './channel-poster.ts';
import { COMMAND_NAMES } from './commands.ts';
import type { BotContext } from './context.ts';
import { handleAutoMessage } from './handle-auto-message.ts';
import { handleButton } from './handle-button.ts';
import { handleContextMenu } from './handle-context-menu.ts';
import { handleSummarize } from './handle-summarize.ts';
import { describeDiscordFailure } from './login-error.ts';
import { NO_MENTIONS } from './outgoing.ts';
import { createDeliveryLedger, createInProcessQueue, type JobQueue } from '../../core/queue/index.ts';
import { createMemoryClaims } from '../../core/queue/memory-claims.ts';
import { registerDiscordJobs } from './discord-jobs.ts';
import { configuredAttachmentOrigins } from './download-attachment.ts';
import { createChannelHistory } from '../../core/history/channel-history.ts';
import type { QaDeps } from '../../core/qa/answer-question.ts';
import type { Quota } from '../../core/quota/index.ts';
import { handleAsk } from './handle-ask.ts';
import { handlePapers } from './handle-papers.ts';
import type { DigestPoster } from '../../core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from '../../core/history/digest-subscriptions.ts';
import { discordDigestPoster } from './post-digest.ts';
import { NOT_ENABLED_HERE } from '../common/allow-list-words.ts';
import { replyEphemeral } from './context.ts';
import type { PaperbotMetrics } from '../../core/metrics/paperbot-metrics.ts';
import type { DiscordSettings } from './discord-settings.ts';

export type { DiscordSettings } from './discord-settings.ts';

export interface DiscordBotDeps {
  settings: DiscordSettings;
  summarizer: Summarizer;
  /** The engine summaries use (llm when a model endpoint is configured). */
  engine: Engine;
  fetcher: Fetcher;
  maxPdfBytes: number;
  /** Long button references and 👍 / 👎 are kept here (the summary cache). */
  cache?: SummaryCache;
  /** Where the bot logs (a child of the process's logger, which redacts secrets). */
  log: Log;
  /** `/ask` answers from the paper (the cache keeps the paper's text, keyed by codeVersion). */
  qa?: QaDeps;
  /** Spending caps, charged right before each model call (uncached summary, Regenerate, `/ask`); default: none. */
  quota?: Quota;
  codeVersion?: string;
  /** The interaction token's lifetime (15 min), the margin kept before it ends (1 min), and the clock. */
  interactionWindowMs?: number;
  lateMarginMs?: number;
  now?: () => number;
  /**
   * Where summaries wait their turn (`serve` shares one across platforms, persisted, started and stopped by commands/serve.ts).
   * Default: a private in-memory queue without limits, started here and drained by stop().
   */
  queue?: JobQueue;
  /** Where answered jobs are recorded (the claim store: Redis in scaled mode); default: memory only. */
  claims?: ClaimStore;
  /** This process's metrics: feedback votes and Regenerate clicks are counted in it. */
  metrics?: PaperbotMetrics;
}

export interface DiscordBot {
  client: Client;
  /** Logs in and resolves once the client is ready; rejects with a DiscordLoginError in plain words. */
  start(): Promise<{ user: string }>;
  /** Waits for the work already started (tests, graceful shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Posts a channel's weekly digest (the scheduler in commands/serve.ts calls it). */
  postDigest: DigestPoster;
}

export class DiscordLoginError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiscordLoginError';
  }
}

const SEEN_MAX = 5000;

export function createDiscordBot(deps: DiscordBotDeps): DiscordBot {
  const { settings, log } = deps;
  if (!settings.token) throw new Error('Discord needs DISCORD_TOKEN');
  const autoChannels = new Set(settings.autoChannels ?? []);
  const intents = [GatewayIntentBits.Guilds, ...(autoChannels.size ? [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [])];
  const client = new Client({ intents, rest: { api: settings.apiUrl ?? 'https://discord.com/api' }, allowedMentions: NO_MENTIONS });
  // REST works before (and without) the gateway login: a `paperbot worker` posts results without connecting.
  client.rest.setToken(settings.token);
  const inFlight = new Set<Promise<unknown>>();
  const seenMessages = new Set<string>();

  const ownsQueue = !deps.queue;
  const queue = deps.queue ?? createInProcessQueue({ log });
  const history = deps.cache ? createChannelHistory(deps.cache) : undefined;
  const base: Omit<BotContext, 'submit'> = {
    defaultLanguage: settings.defaultLanguage,
    engine: deps.engine,
    maxPdfBytes: deps.maxPdfBytes,
    loaders: { fetcher: deps.fetcher, rest: client.rest, maxBytes: deps.maxPdfBytes, timeoutMs: settings.downloadTimeoutMs, extraOrigins: configuredAttachmentOrigins(settings), arxivPdfUrl: settings.arxivPdfUrl },
    cache: deps.cache,
    ...(history ? { history } : {}),
    ...(deps.cache ? { digests: createDigestSubscriptions(deps.cache) } : {}),
    ...(deps.qa && deps.cache ? { qa: { deps: deps.qa, cache: deps.cache, codeVersion: deps.codeVersion ?? '', quota: deps.quota } } : {}),
    poster: createChannelPoster(client.rest),
    windowMs: deps.interactionWindowMs ?? 15 * 60_000,
    marginMs: deps.lateMarginMs ?? 60_000,
    now: deps.now ?? Date.now,
    log,
    background(what, work) {
      const p = work()
        .catch((err: unknown) => log.error(`${what} failed: ${(err as Error)?.stack ?? String(err)}`))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
  };
  // The shared job flow: Discord supplies the loaders and the reply poster; queue, ledger and words are common.
  const submit = registerDiscordJobs(
    queue,
    createDeliveryLedger(deps.claims ?? createMemoryClaims()),
    { rest: client.rest, poster: base.poster, loaders: base.loaders, cache: deps.cache, log, windowMs: base.windowMs, marginMs: base.marginMs, now: base.now },
    { summarizer: deps.summarizer, log, cache: deps.cache, history, quota: deps.quota },
  );
  const ctx: BotContext = { ...base, submit };
  if (ownsQueue) void queue.start();

  // DISCORD_ALLOWED_GUILDS: other servers (and DMs) get a private "not enabled here", nothing else.
  const allowedGuilds = settings.allowedGuilds ? new Set(settings.allowedGuilds) : null;
  const route = async (interaction: Interaction) => {
    if (allowedGuilds && !allowedGuilds.has(interaction.guildId ?? '')) {
      log.debug(`interaction ${interaction.id} from server ${interaction.guildId ?? '(DM)'} ignored: not in DISCORD_ALLOWED_GUILDS`);
      if (interaction.isRepliable()) return replyEphemeral(interaction, NOT_ENABLED_HERE[settings.defaultLanguage].server);
      return;
    }
    if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAMES.summarize) return handleSummarize(interaction, ctx);
    if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAMES.ask) return handleAsk(interaction, ctx);
    if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAMES.papers) return handlePapers(interaction, ctx);
    if (interaction.isMessageContextMenuCommand() && interaction.commandName === COMMAND_NAMES.contextMenu) return handleContextMenu(interaction, ctx);
    if (interaction.isButton() && interaction.customId.startsWith('pb:')) return handleButton(interaction, ctx, deps.metrics);
    log.debug(`interaction ${interaction.id} of type ${interaction.type} ignored`);
  };

  client.on(Events.InteractionCreate, (interaction) => {
    // Tracked like background work, so that idle() also waits for the deferral and the ephemeral answers.
    ctx.background(`interaction ${interaction.id}`, () => route(interaction));
  });
  if (autoChannels.size) {
    client.on(Events.MessageCreate, (message) => {
      if (seenMessages.size > SEEN_MAX) seenMessages.clear();
      if (allowedGuilds && !allowedGuilds.has(message.guildId ?? '')) return;
      handleAutoMessage(message, ctx, autoChannels, seenMessages);
    });
  }
  client.on(Events.Error, (err) => log.error(`Discord client error: ${err.message}`));
  client.on(Events.ShardError, (err, shard) => log.warn(`Discord connection error on shard ${shard}: ${err.message}`));

  // Handlers' work (deferrals, enqueueing) and, through the queue, the summaries themselves.
  const idle = async () => {
    do {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await queue.onIdle();
    } while (inFlight.size > 0);
  };

  return {
    client,
    postDigest: discordDigestPoster(base.poster),
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(settings.token);
      } catch (err) {
        throw new DiscordLoginError(describeDiscordFailure(err), { cause: err });
      }
      await ready;
      return { user: client.user?.tag ?? client.user?.username ?? 'unknown' };
    },
    idle,
    async stop() {
      // A shared queue is drained (within SHUTDOWN_TIMEOUT_S) by its owner before the platforms stop.
      if (ownsQueue) await idle();
      else while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
