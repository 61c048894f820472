/**
 * What `serve` and `worker` share around their chat platforms: the start-up preamble (pino logger, last-resort
 * logging, Redis check), the stop signal, /healthz and /metrics when Slack does not serve them, and the graceful stop.
 */
import type { Config } from '../config.ts';
import { secretsOf } from '../adapters/common/redact-secrets.ts';
import { createLogger, type Logger } from '../adapters/common/logger.ts';
import type { CliIo } from '../cli/io.ts';
import type { Services } from '../services/create-services.ts';

/** How tests drive `serve` and `worker` in-process; outside tests both are left out. */
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
export interface Platform {
  stop(): Promise<void>;
}

export function signalReceived(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

/**
 * The loggers of a `serve` or `worker` process: `root` (no name) for the adapters' named children, `log` for the
 * process's own records (start-up, stop, warnings).
 */
export interface Logs {
  root: Logger;
  log: Logger;
}

/**
 * The last-resort handler: one per process, installed by the first `serve` or `worker` and kept until the process
 * exits, writing to the latest one's logger. A rejection nobody handles while shutting down (a store or a connection
 * closing badly) is then logged like any other instead of killing the process halfway through its graceful stop.
 */
let lastResortTarget: ((err: unknown) => void) | null = null;
let lastResortInstalled = false;
const processLastResort = (err: unknown) => lastResortTarget?.(err);

function keepLastResort(log: (err: unknown) => void): void {
  lastResortTarget = log;
  if (!lastResortInstalled) process.on('unhandledRejection', processLastResort);
  lastResortInstalled = true;
}

/**
 * What `serve` and `worker` do first: one pino logger for everything they write from here on (its records pass the
 * secret redactor); a promise an SDK leaves unhandled (Bolt's auth.test with a bad token) is logged instead of
 * crashing the bot, from now until the process exits; in scaled mode Redis must answer. Null (after saying why) when
 * the process must not start.
 */
export async function beginProcess(config: Config, io: CliIo, still: string): Promise<{ logs: Logs } | null> {
  const root = createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    secrets: secretsOf(config),
    write: io.stderr,
    // `io.stderr` is the process's stderr outside tests: a person watching it gets readable lines.
    terminal: process.stderr.isTTY === true,
  });
  const logs = { root, log: root.child({ name: 'paperbot' }) };
  keepLastResort((err: unknown) => logs.log.error({ err }, `unhandled error (${still})`));
  if (await redisReady(config, logs.log)) return { logs };
  return null;
}

/** Warnings of the stores and the queue's log (a failed job is an error) for createServices. */
export function serviceLogs(logs: Logs) {
  const queue = logs.root.child({ name: 'paperbot:queue' });
  return { onWarning: (m: string) => logs.log.warn(m), log: { warn: (m: string) => queue.warn(m), error: (m: string) => queue.error(m) } };
}

/** A failure that stops the start: its words are written for people, so the stack is there at debug level only. */
export function logStartFailure(log: Logger, err: unknown): void {
  log.fatal((err as Error)?.message ?? String(err));
  log.debug({ err }, 'the start-up failure in detail');
}

/** Scaled mode only: Redis answers, or the reason is logged and the process does not start. */
async function redisReady(config: Config, log: Logger): Promise<boolean> {
  if (!config.REDIS_URL) return true;
  const { checkRedis } = await import('../services/redis-connection.ts');
  try {
    await checkRedis(config.REDIS_URL);
    return true;
  } catch (err) {
    logStartFailure(log, err);
    return false;
  }
}

/** /healthz and /metrics on PORT (processes without the Slack HTTP server); a port in use is a warning, not a failure. */
export async function startHealth(config: Config, log: Logger, services: Services, role: 'serve' | 'worker'): Promise<{ close(): Promise<void> } | null> {
  const { startHealthServer } = await import('../services/metrics-server.ts');
  try {
    const server = await startHealthServer({ port: config.PORT, registry: services.metrics.registry, info: { role, queue: config.REDIS_URL ? 'redis' : 'in-process' } });
    log.info(`health check at http://localhost:${server.port}/healthz, metrics at /metrics`);
    return server;
  } catch (err) {
    log.warn({ err }, `no /healthz and /metrics (port ${config.PORT}: ${(err as Error).message})`);
    return null;
  }
}

/** Bounded by the time left: a close that hangs must not hold the exit. */
function beforeDeadline(work: Promise<unknown>, deadline: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const left = new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
  return Promise.race([work.catch(() => {}), left]).finally(() => clearTimeout(timer));
}

/**
 * Graceful stop within the deadline: stop starting jobs (new requests are still accepted and kept for the next start),
 * let the running ones finish while most of the time lasts, hand back the rest (they stay persisted and are replayed
 * on the next start), then stop the platforms and flush and close the stores.
 */
export async function shutdown(services: Services, running: Platform[], deadline: number, log: Logger): Promise<void> {
  const budget = Math.max(0, deadline - Date.now());
  // Keep part of the budget for handing back (the queue's 500 ms) and for closing the stores.
  const drainMs = Math.max(0, budget - Math.min(1500, budget * 0.4));
  const drained = await services.queue.stop(drainMs);
  if (drained.handedBack > 0 || drained.pending > 0) {
    log.info(`${drained.handedBack} running and ${drained.pending} waiting summar${drained.handedBack + drained.pending === 1 ? 'y' : 'ies'} kept for the next start`);
  }
  await beforeDeadline(Promise.allSettled(running.map((p) => p.stop())), deadline);
  await beforeDeadline(services.close(), deadline);
}
