/**
 * `paperbot serve`: starts every configured chat platform over one set of services, with /healthz and /metrics, the
 * weekly digests, and a graceful stop on SIGTERM/SIGINT.
 */
import type { Config } from '../config.ts';
import type { CliIo } from '../cli/io.ts';
import { createChannelHistory } from '../core/history/channel-history.ts';
import { createDigestScheduler, type DigestScheduler } from '../core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from '../core/history/digest-subscriptions.ts';
import { beginProcess, logStartFailure, serviceLogs, shutdown, signalReceived, startHealth, type Platform, type ServeHooks } from './process-lifecycle.ts';
import { startDiscord, startSlack, type StartedDiscord, type StartedSlack } from './start-platforms.ts';

export async function serveCommand(config: Config, io: CliIo, hooks: ServeHooks = {}): Promise<number> {
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

async function serve(config: Config, io: CliIo, hooks: ServeHooks, want: { slack: boolean; discord: boolean }): Promise<number> {
  const begun = await beginProcess(config, io, 'still serving');
  if (!begun) return 1;
  const { logs } = begun;
  const { log } = logs;
  const { createServices } = await import('../services/create-services.ts');
  const services = createServices(config, serviceLogs(logs));
  // Listen for the stop signal before starting anything.
  const stop = hooks.stopSignal ?? signalReceived();
  const running: Platform[] = [];
  let stoppedAt: number | null = null;
  let digestScheduler: DigestScheduler | null = null;
  try {
    let slack: StartedSlack | null = null;
    let discord: StartedDiscord | null = null;
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
    const deadline = (stoppedAt ?? Date.now()) + config.SHUTDOWN_TIMEOUT_S * 1000;
    // A model call that hangs or a Web API call still being retried would keep the process alive past the timeout.
    if (!hooks.stopSignal) setTimeout(() => process.exit(), Math.max(0, deadline - Date.now())).unref();
    await shutdown(services, running, deadline, log);
    // Everything worth keeping is stored and closed: a socket still held by a handed-back job must not delay the exit.
    if (!hooks.stopSignal && stoppedAt !== null) setTimeout(() => process.exit(), 50).unref();
  }
}
