/**
 * `paperbot worker` (scaled mode): runs the queued jobs, and posts back through the platforms' Web API / REST only.
 * The adapters are built but never started, so building them only registers their job handlers: no HTTP listener, no
 * Socket Mode or gateway connection. Stops on SIGTERM/SIGINT: running jobs finish or are handed back to the queue
 * (another worker takes them) within SHUTDOWN_TIMEOUT_S.
 */
import type { Config } from '../config.ts';
import type { CliIo } from '../cli/io.ts';
import { buildDiscordBot, buildSlackApp } from './platforms.ts';
import { beginProcess, serviceLogs, shutdown, signalReceived, startHealth, type Platform, type ServeHooks } from './process-lifecycle.ts';

export async function workerCommand(config: Config, io: CliIo, hooks: ServeHooks = {}): Promise<number> {
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

async function worker(config: Config, io: CliIo, hooks: ServeHooks): Promise<number> {
  const begun = await beginProcess(config, io, 'still working');
  if (!begun) return 1;
  const { logs } = begun;
  const { createServices } = await import('../services/create-services.ts');
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
    const deadline = (stoppedAt ?? Date.now()) + config.SHUTDOWN_TIMEOUT_S * 1000;
    if (!hooks.stopSignal) setTimeout(() => process.exit(), Math.max(0, deadline - Date.now())).unref();
    await shutdown(services, platforms, deadline, logs.log);
    if (!hooks.stopSignal && stoppedAt !== null) setTimeout(() => process.exit(), 50).unref();
  }
}
