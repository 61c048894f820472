/**
 * The chat platforms over the shared services. Building one registers its job handler on the queue; `serve` then
 * starts it (HTTP listener, Socket Mode, gateway), while a worker never does and only posts through its Web API / REST.
 * The adapters are imported here, lazily, so a command that needs neither platform never loads them. This is also
 * where the environment-shaped Config becomes each adapter's own settings: the adapters never see Config.
 */
import type { DiscordSettings } from '../adapters/discord/discord-settings.ts';
import type { SlackSettings } from '../adapters/slack/slack-settings.ts';
import type { Config } from '../config.ts';
import type { Logs } from './process-lifecycle.ts';
import type { Services } from '../services/create-services.ts';
import { loadQaPrompts } from '../services/qa-prompt-files.ts';
import { VERSION } from '../version.ts';

/** The Slack app's settings from the configuration (an empty bot token is refused by createSlackApp). */
export function slackSettings(config: Config): SlackSettings {
  return {
    botToken: config.SLACK_BOT_TOKEN ?? '',
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    defaultLanguage: config.SUMMARY_LANGUAGE,
    downloadTimeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000,
    arxivPdfUrl: config.ARXIV_PDF_URL,
    allowedChannels: config.SLACK_ALLOWED_CHANNELS,
    streaming: config.STREAMING === 'off' ? 'off' : config.SLACK_STREAMING,
  };
}

/** The Discord bot's settings from the configuration (an empty token is refused by createDiscordBot). */
export function discordSettings(config: Config): DiscordSettings {
  return {
    token: config.DISCORD_TOKEN ?? '',
    apiUrl: config.DISCORD_API_URL,
    cdnUrl: config.DISCORD_CDN_URL,
    autoChannels: config.DISCORD_AUTO_CHANNELS,
    allowedGuilds: config.DISCORD_ALLOWED_GUILDS,
    defaultLanguage: config.SUMMARY_LANGUAGE,
    downloadTimeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000,
    arxivPdfUrl: config.ARXIV_PDF_URL,
  };
}

/** The Slack app over the shared services (`serve` starts it; a worker only uses its job handler and Web API). */
export async function buildSlackApp(config: Config, logs: Logs, services: Services) {
  const { createSlackApp } = await import('../adapters/slack/app.ts');
  const { createBoltLogger } = await import('../adapters/slack/logger.ts');
  const { metricsRoute } = await import('../services/metrics-server.ts');
  return createSlackApp({
    settings: slackSettings(config),
    summarizer: services.summarizer,
    engine: services.engine,
    fetcher: services.fetcher,
    maxPdfBytes: services.maxPdfBytes,
    cache: services.cache,
    claims: services.claims,
    queue: services.queue,
    quota: services.quota,
    logger: createBoltLogger(logs.root),
    qa: { model: services.model, prompts: loadQaPrompts(), vectors: services.vectors },
    codeVersion: VERSION,
    metrics: services.metrics,
    routes: [metricsRoute(services.metrics.registry)],
  });
}

/** The Discord bot over the shared services (`serve` logs it in; a worker posts over REST only). */
export async function buildDiscordBot(config: Config, logs: Logs, services: Services) {
  const { createDiscordBot } = await import('../adapters/discord/bot.ts');
  const { createLog } = await import('../adapters/common/log.ts');
  return createDiscordBot({
    settings: discordSettings(config),
    summarizer: services.summarizer,
    engine: services.engine,
    fetcher: services.fetcher,
    maxPdfBytes: services.maxPdfBytes,
    cache: services.cache,
    queue: services.queue,
    quota: services.quota,
    claims: services.claims,
    log: createLog(logs.root, 'paperbot:discord'),
    qa: { model: services.model, prompts: loadQaPrompts(), vectors: services.vectors },
    codeVersion: VERSION,
    metrics: services.metrics,
  });
}
