/**
 * `serve` starting its chat platforms. Each start races the stop signal, so a start that hangs (Slack or Discord
 * unreachable) can still be stopped: null means the stop came first and the platform is already stopped again.
 */
import type { Config } from '../config.ts';
import type { DigestPoster } from '../core/history/digest-scheduler.ts';
import type { Services } from '../services/create-services.ts';
import { buildDiscordBot, buildSlackApp } from './platforms.ts';
import type { Logs, Platform } from './process-lifecycle.ts';

export interface StartedSlack {
  platform: Platform;
  mode: 'http' | 'socket';
  port: number | null;
  postDigest: DigestPoster;
}

export interface StartedDiscord {
  platform: Platform;
  user: string;
  postDigest: DigestPoster;
}

export async function startSlack(config: Config, logs: Logs, services: Services, stop: Promise<unknown>): Promise<StartedSlack | null> {
  const slack = await buildSlackApp(config, logs, services);
  const platform = { stop: () => slack.stop() };
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

export async function startDiscord(config: Config, logs: Logs, services: Services, stop: Promise<unknown>): Promise<StartedDiscord | null> {
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
