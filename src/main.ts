/** Server-side commands: `serve`, `discord-register`, `worker`. The chat adapters plug in here. */
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import type { CliIo } from './cli.ts';
import type { Services } from './services/create-services.ts';

export interface ServeHooks {
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
  /**
   * Called once every configured platform is up (tests). `mode`/`port` describe Slack (null without Slack);
   * `discord` is present when the Discord bot is connected.
   */
  onStarted?: (info: { mode: 'http' | 'socket' | null; port: number | null; discord?: { user: string } }) => void;
}

/** One running chat platform, as `serve` sees it. */
interface Platform {
  stop(): Promise<void>;
}

function signalReceived(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

async function startSlack(config: Config, io: CliIo, services: Services, stop: Promise<unknown>): Promise<{ platform: Platform; mode: 'http' | 'socket'; port: number | null } | null> {
  const { createSlackApp } = await import('./adapters/slack/app.ts');
  const { createStderrLogger } = await import('./adapters/slack/logger.ts');
  const logger = createStderrLogger(config.LOG_LEVEL, (line) => io.stderr(line));
  const slack = createSlackApp({ config, summarizer: services.summarizer, fetcher: services.fetcher, maxPdfBytes: services.maxPdfBytes, cache: services.cache, claims: services.claims, logger });
  const platform = { stop: () => slack.stop() };
  // A start that hangs (Slack unreachable) can still be stopped.
  const started = await Promise.race([slack.start(), stop.then(() => null)]);
  if (!started) {
    await platform.stop();
    return null;
  }
  const { port } = started;
  io.stderr(
    slack.mode === 'socket'
      ? `paperbot: Slack app connected over Socket Mode (health check on http://localhost:${port}/healthz)`
      : `paperbot: Slack app listening on port ${port} (events at /slack/events, health check at /healthz)`,
  );
  return { platform, mode: slack.mode, port };
}

async function startDiscord(config: Config, io: CliIo, services: Services, stop: Promise<unknown>): Promise<{ platform: Platform; user: string } | null> {
  const { createDiscordBot } = await import('./adapters/discord/bot.ts');
  const { createLog } = await import('./adapters/common/log.ts');
  const bot = createDiscordBot({
    config,
    summarizer: services.summarizer,
    fetcher: services.fetcher,
    maxPdfBytes: services.maxPdfBytes,
    cache: services.cache,
    log: createLog('paperbot:discord', config.LOG_LEVEL, (line) => io.stderr(line)),
  });
  const platform = { stop: () => bot.stop() };
  try {
    const started = await Promise.race([bot.start(), stop.then(() => null)]);
    if (!started) {
      await platform.stop();
      return null;
    }
    const auto = config.DISCORD_AUTO_CHANNELS ?? [];
    io.stderr(`paperbot: Discord bot connected as ${started.user}${auto.length ? ` (auto-summarizing PDFs in ${auto.length} channel${auto.length === 1 ? '' : 's'})` : ''}`);
    return { platform, user: started.user };
  } catch (err) {
    await platform.stop().catch(() => {});
    throw err;
  }
}

async function serve(config: Config, io: CliIo, hooks: ServeHooks, want: { slack: boolean; discord: boolean }): Promise<number> {
  const { createServices } = await import('./services/create-services.ts');
  const services = createServices(config, { onWarning: (m) => io.stderr(`paperbot: warning: ${m}`) });
  // Listen for the stop signal before starting anything.
  const stop = hooks.stopSignal ?? signalReceived();
  const running: Platform[] = [];
  try {
    let slack: Awaited<ReturnType<typeof startSlack>> = null;
    let discord: Awaited<ReturnType<typeof startDiscord>> = null;
    if (want.slack) {
      slack = await startSlack(config, io, services, stop);
      if (!slack) {
        io.stderr('paperbot: stopped before the Slack app was up');
        return 0;
      }
      running.push(slack.platform);
    }
    if (want.discord) {
      try {
        discord = await startDiscord(config, io, services, stop);
      } catch (err) {
        io.stderr(`paperbot: ${(err as Error).message}`);
        return 1;
      }
      if (!discord) {
        io.stderr('paperbot: stopped before the Discord bot was up');
        return 0;
      }
      running.push(discord.platform);
    }
    hooks.onStarted?.({ mode: slack?.mode ?? null, port: slack?.port ?? null, ...(discord ? { discord: { user: discord.user } } : {}) });
    const why = await stop;
    io.stderr(`paperbot: stopping${typeof why === 'string' ? ` (${why})` : ''}; finishing the summaries in progress…`);
    return 0;
  } finally {
    await Promise.allSettled(running.map((p) => p.stop()));
    await services.close();
    // A Web API call still being retried (platform unreachable) would keep the process alive after a signal.
    if (!hooks.stopSignal) setTimeout(() => process.exit(), 3000).unref();
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
    io.stderr('paperbot: "worker" is not available in this version yet (scaled mode is still being built); "paperbot serve" and "paperbot summarize" work.');
    return 1;
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
