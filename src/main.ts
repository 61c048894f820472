/** Server-side commands: `serve`, `discord-register`, `worker`. The chat adapters plug in here. */
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import type { CliIo } from './cli.ts';
import { beginProcess, logStartFailure, serviceLogs, shutdown, signalReceived, startHealth, type Logs, type Platform } from './process-lifecycle.ts';
import type { Services } from './services/create-services.ts';
import { loadQaPrompts } from './services/qa-prompt-files.ts';
import { VERSION } from './version.ts';
import { createChannelHistory } from './core/history/channel-history.ts';
import { createDigestScheduler, type DigestPoster, type DigestScheduler } from './core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from './core/history/digest-subscriptions.ts';

export interface ServeHooks {
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
  /**
   * Called once every configured platform is up (tests). `mode`/`port` describe Slack (null without Slack);
   * `discord` is present when the Discord bot is connected.
   */
  onStarted?: (info: { mode: 'http' | 'socket' | null; port: number | null; discord?: { user: string } }) => void;
}

/** The Slack app over the shared services (`serve` starts it; a worker only uses its job handler and Web API). */
async function buildSlackApp(config: Config, logs: Logs, services: Services) {
  const { createSlackApp } = await import('./adapters/slack/app.ts');
  const { createBoltLogger } = await import('./adapters/slack/logger.ts');
  return createSlackApp({
    config,
    summarizer: services.summarizer,
    engine: services.engine,
    fetcher: services.fetcher,
    maxPdfBytes: services.maxPdfBytes,
    cache: services.cache,
    claims: services.claims,
    queue: services.queue,
    logger: createBoltLogger(logs.root),
    qa: { model: services.model, prompts: loadQaPrompts(), vectors: services.vectors },
    codeVersion: VERSION,
    metrics: services.metrics,
  });
}

/** The Discord bot over the shared services (`serve` logs it in; a worker posts over REST only). */
async function buildDiscordBot(config: Config, logs: Logs, services: Services) {
  const { createDiscordBot } = await import('./adapters/discord/bot.ts');
  const { createLog } = await import('./adapters/common/log.ts');
  return createDiscordBot({
    config,
    summarizer: services.summarizer,
    engine: services.engine,
    fetcher: services.fetcher,
    maxPdfBytes: services.maxPdfBytes,
    cache: services.cache,
    queue: services.queue,
    claims: services.claims,
    log: createLog(logs.root, 'paperbot:discord'),
    qa: { model: services.model, prompts: loadQaPrompts(), vectors: services.vectors },
    codeVersion: VERSION,
    metrics: services.metrics,
  });
}

async function startSlack(config: Config, logs: Logs, services: Services, stop: Promise<unknown>): Promise<{ platform: Platform; mode: 'http' | 'socket'; port: number | null; postDigest: DigestPoster } | null> {
  const slack = await buildSlackApp(config, logs, services);
  const platform = { stop: () => slack.stop() };
  // A start that hangs (Slack unreachable) can still be stopped.
  const started = await Promise.race([slack.start(), stop.then(() => null)]).catch(async (err: unknown) => {
    await platform.stop().catch(() => {});
    throw err;
  });
  if (!started) {
    await platform.stop();
    return null;
  }
  const { port } = started;
  logs.log.info(
    slack.mode === 'socket'
      ? `Slack app connected over Socket Mode (health check on http://localhost:${port}/healthz)`
      : `Slack app listening on port ${port} (events at /slack/events, health check at /healthz)`,
  );
  return { platform, mode: slack.mode, port, postDigest: slack.postDigest };
}

async function startDiscord(config: Config, logs: Logs, services: Services, stop: Promise<unknown>): Promise<{ platform: Platform; user: string; postDigest: DigestPoster } | null> {
  const bot = await buildDiscordBot(config, logs, services);
  const platform = { stop: () => bot.stop() };
  try {
    const started = await Promise.race([bot.start(), stop.then(() => null)]);
    if (!started) {
      await platform.stop();
      return null;
    }
    const auto = config.DISCORD_AUTO_CHANNELS ?? [];
    logs.log.info(`Discord bot connected as ${started.user}${auto.length ? ` (auto-summarizing PDFs in ${auto.length} channel${auto.length === 1 ? '' : 's'})` : ''}`);
    return { platform, user: started.user, postDigest: bot.postDigest };
  } catch (err) {
    await platform.stop().catch(() => {});
    throw err;
  }
}

async function serve(config: Config, io: CliIo, hooks: ServeHooks, want: { slack: boolean; discord: boolean }): Promise<number> {
  const begun = await beginProcess(config, io, 'still serving');
  if (!begun) return 1;
  const { logs, lastResort } = begun;
  const { log } = logs;
  const { createServices } = await import('./services/create-services.ts');
  const services = createServices(config, serviceLogs(logs));
  // Listen for the stop signal before starting anything.
  const stop = hooks.stopSignal ?? signalReceived();
  const running: Platform[] = [];
  let stoppedAt: number | null = null;
  let digestScheduler: DigestScheduler | null = null;
  try {
    let slack: Awaited<ReturnType<typeof startSlack>> = null;
    let discord: Awaited<ReturnType<typeof startDiscord>> = null;
    if (want.slack) {
      try {
        slack = await startSlack(config, logs, services, stop);
      } catch (err) {
        logStartFailure(log, err);
        stoppedAt = Date.now(); // exit as soon as the clean-up is done (an SDK may still be retrying in the background)
        return 1;
      }
      if (!slack) {
        log.info('stopped before the Slack app was up');
        return 0;
      }
      running.push(slack.platform);
    }
    if (want.discord) {
      try {
        discord = await startDiscord(config, logs, services, stop);
      } catch (err) {
        logStartFailure(log, err);
        stoppedAt = Date.now();
        return 1;
      }
      if (!discord) {
        log.info('stopped before the Discord bot was up');
        return 0;
      }
      running.push(discord.platform);
    }
    // Without the Slack HTTP server (which serves them itself), /healthz and /metrics get their own server on PORT.
    if (!slack) {
      const health = await startHealth(config, log, services, 'serve');
      if (health) running.push({ stop: () => health.close() });
    }
    // Weekly digests: each tick posts the finished week once per subscribed channel (claims persist across restarts).
    digestScheduler = createDigestScheduler({
      subscriptions: createDigestSubscriptions(services.cache),
      history: createChannelHistory(services.cache),
      claims: services.claims,
      posters: { ...(slack ? { slack: slack.postDigest } : {}), ...(discord ? { discord: discord.postDigest } : {}) },
      log: (m) => log.warn(m),
    });
    digestScheduler.start();
    // Every platform has registered its job handler by now: pick up what a previous process left unfinished.
    const { replayed } = await services.queue.start();
    if (replayed > 0) log.info(`picked up ${replayed} summar${replayed === 1 ? 'y' : 'ies'} left unfinished before the restart`);
    if (config.REDIS_URL) log.info(`scaled mode: jobs go to the Redis queue${config.WORKER_IN_SERVE ? ' and this process runs them too (WORKER_IN_SERVE)' : '; "paperbot worker" processes run them'}`);
    hooks.onStarted?.({ mode: slack?.mode ?? null, port: slack?.port ?? null, ...(discord ? { discord: { user: discord.user } } : {}) });
    const why = await stop;
    stoppedAt = Date.now();
    log.info(`stopping${typeof why === 'string' ? ` (${why})` : ''}; finishing the summaries in progress (up to ${config.SHUTDOWN_TIMEOUT_S} s)…`);
    return 0;
  } finally {
    digestScheduler?.stop();
    process.off('unhandledRejection', lastResort);
    const deadline = (stoppedAt ?? Date.now()) + config.SHUTDOWN_TIMEOUT_S * 1000;
    // A model call that hangs or a Web API call still being retried would keep the process alive past the timeout.
    if (!hooks.stopSignal) setTimeout(() => process.exit(), Math.max(0, deadline - Date.now())).unref();
    await shutdown(services, running, deadline, log);
    // Everything worth keeping is stored and closed: a socket still held by a handed-back job must not delay the exit.
    if (!hooks.stopSignal && stoppedAt !== null) setTimeout(() => process.exit(), 50).unref();
  }
}

/**
 * `paperbot worker` (scaled mode): runs the queued jobs, and posts back through the platforms' Web API / REST only.
 * The adapters are built but never started, so building them only registers their job handlers: no HTTP listener, no
 * Socket Mode or gateway connection. Stops on SIGTERM/SIGINT: running jobs finish or are handed back to the queue
 * (another worker takes them) within SHUTDOWN_TIMEOUT_S.
 */
async function worker(config: Config, io: CliIo, hooks: ServeHooks): Promise<number> {
  const begun = await beginProcess(config, io, 'still working');
  if (!begun) return 1;
  const { logs, lastResort } = begun;
  const { createServices } = await import('./services/create-services.ts');
  const services = createServices(config, { processJobs: true, ...serviceLogs(logs) });
  const stop = hooks.stopSignal ?? signalReceived();
  const platforms: Platform[] = [];
  let stoppedAt: number | null = null;
  try {
    if (config.SLACK_BOT_TOKEN) {
      // Always the HTTP flavour (never started, so nothing listens): a worker needs only the bot token.
      const slackConfig = { ...config, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: config.SLACK_SIGNING_SECRET ?? 'unused-by-worker' };
      const slack = await buildSlackApp(slackConfig, logs, services);
      platforms.push({ stop: () => slack.stop() });
    }
    if (config.DISCORD_TOKEN) {
      const bot = await buildDiscordBot(config, logs, services);
      platforms.push({ stop: () => bot.stop() });
    }
    await services.queue.start();
    const health = await startHealth(config, logs.log, services, 'worker');
    if (health) platforms.push({ stop: () => health.close() });
    logs.log.info(`worker taking jobs from Redis (${config.JOB_CONCURRENCY} at a time${config.SLACK_BOT_TOKEN ? ', Slack' : ''}${config.DISCORD_TOKEN ? ', Discord' : ''})`);
    hooks.onStarted?.({ mode: null, port: null });
    const why = await stop;
    stoppedAt = Date.now();
    logs.log.info(`stopping${typeof why === 'string' ? ` (${why})` : ''}; finishing or handing back the jobs in progress (up to ${config.SHUTDOWN_TIMEOUT_S} s)…`);
    return 0;
  } finally {
    process.off('unhandledRejection', lastResort);
    const deadline = (stoppedAt ?? Date.now()) + config.SHUTDOWN_TIMEOUT_S * 1000;
    if (!hooks.stopSignal) setTimeout(() => process.exit(), Math.max(0, deadline - Date.now())).unref();
    await shutdown(services, platforms, deadline, logs.log);
    if (!hooks.stopSignal && stoppedAt !== null) setTimeout(() => process.exit(), 50).unref();
  }
}

async function discordRegister(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { guild: { type: 'string' } } });
  if (!config.DISCORD_TOKEN) {
    io.stderr('paperbot: discord-register needs DISCORD_TOKEN (the bot token from the developer portal, Bot → Reset Token).');
    return 2;
  }
  if (values.guild !== undefined && !/^\d{5,25}$/.test(values.guild)) {
    io.stderr(`paperbot: --guild must be a server id (Developer Mode → right-click the server → Copy Server ID), got "${values.guild}"`);
    return 2;
  }
  const { registerCommands } = await import('./adapters/discord/register-commands.ts');
  const { describeDiscordFailure } = await import('./adapters/discord/login-error.ts');
  try {
    const done = await registerCommands({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL ?? 'https://discord.com/api',
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId: values.guild,
    });
    io.stdout(
      done.scope === 'guild'
        ? `Registered ${done.names.join(', ')} in server ${values.guild} for application ${done.applicationId} (available now).`
        : `Registered ${done.names.join(', ')} globally for application ${done.applicationId} (may take up to an hour to appear everywhere).`,
    );
    return 0;
  } catch (err) {
    io.stderr(`paperbot: registering the Discord commands failed: ${describeDiscordFailure(err)}`);
    return 1;
  }
}

export async function runServerCommand(
  command: 'serve' | 'discord-register' | 'worker',
  args: string[],
  config: Config,
  io: CliIo,
  hooks: ServeHooks = {},
): Promise<number> {
  if (command === 'discord-register') return discordRegister(args, config, io);
  if (command === 'worker') {
    if (!config.REDIS_URL) {
      io.stderr('paperbot: "worker" needs REDIS_URL (scaled mode: jobs are taken from the Redis queue that "paperbot serve" fills). Without Redis, "paperbot serve" runs the summaries itself.');
      return 2;
    }
    if (!config.SLACK_BOT_TOKEN && !config.DISCORD_TOKEN) {
      io.stderr('paperbot: "worker" posts the summaries back, so it needs SLACK_BOT_TOKEN and/or DISCORD_TOKEN (the same settings as "paperbot serve").');
      return 2;
    }
    return worker(config, io, hooks);
  }
  const slack = !!(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
  const discord = !!config.DISCORD_TOKEN;
  if (!slack && !discord) {
    io.stderr(
      'paperbot: no chat platform is configured. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or DISCORD_TOKEN. To summarize locally, run: paperbot summarize <paper.pdf>',
    );
    return 2;
  }
  return serve(config, io, hooks, { slack, discord });
}
