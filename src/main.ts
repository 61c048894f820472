/** Server-side commands: `serve`, `discord-register`, `worker`. The chat adapters plug in here. */
import type { Config } from './config.ts';
import type { CliIo } from './cli.ts';

export interface ServeHooks {
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
  /** Called once the server is up (tests). */
  onStarted?: (info: { mode: 'http' | 'socket'; port: number | null }) => void;
}

function signalReceived(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

async function serveSlack(config: Config, io: CliIo, hooks: ServeHooks): Promise<number> {
  const { createSlackApp } = await import('./adapters/slack/app.ts');
  const { createStderrLogger } = await import('./adapters/slack/logger.ts');
  const { createServices } = await import('./services/create-services.ts');
  const logger = createStderrLogger(config.LOG_LEVEL, (line) => io.stderr(line));
  const services = createServices(config, { onWarning: (m) => logger.warn(m) });
  const slack = createSlackApp({ config, summarizer: services.summarizer, fetcher: services.fetcher, maxPdfBytes: services.maxPdfBytes, cache: services.cache, logger });
  // Listen for the stop signal before starting: a start that hangs (Slack unreachable) can still be stopped.
  const stop = hooks.stopSignal ?? signalReceived();
  try {
    const started = await Promise.race([slack.start(), stop.then(() => null)]);
    if (!started) {
      io.stderr('paperbot: stopped before the Slack app was up');
      return 0;
    }
    const { port } = started;
    io.stderr(
      slack.mode === 'socket'
        ? `paperbot: Slack app connected over Socket Mode (health check on http://localhost:${port}/healthz)`
        : `paperbot: Slack app listening on port ${port} (events at /slack/events, health check at /healthz)`,
    );
    hooks.onStarted?.({ mode: slack.mode, port });
    const why = await stop;
    io.stderr(`paperbot: stopping${typeof why === 'string' ? ` (${why})` : ''}; finishing the summaries in progress…`);
    return 0;
  } finally {
    await slack.stop();
    await services.close();
    // A Web API call still being retried (Slack unreachable) would keep the process alive after a signal.
    if (!hooks.stopSignal) setTimeout(() => process.exit(), 3000).unref();
  }
}

export async function runServerCommand(
  command: 'serve' | 'discord-register' | 'worker',
  _args: string[],
  config: Config,
  io: CliIo,
  hooks: ServeHooks = {},
): Promise<number> {
  const slack = !!(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
  const discord = !!config.DISCORD_TOKEN;
  if (command === 'serve' && !slack && !discord) {
    io.stderr(
      'paperbot: no chat platform is configured. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or DISCORD_TOKEN. To summarize locally, run: paperbot summarize <paper.pdf>',
    );
    return 2;
  }
  if (command === 'serve' && slack) {
    if (discord) io.stderr('paperbot: Discord is configured but the Discord adapter is not available in this version yet; starting Slack only.');
    return serveSlack(config, io, hooks);
  }
  io.stderr(`paperbot: "${command}" is not available in this version yet (the chat adapters are still being built); "paperbot summarize" works.`);
  return 1;
}
