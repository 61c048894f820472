/** Bolt's Logger over a child of the process's pino logger (secrets redacted there: see ../common/logger.ts). */
import { inspect } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../common/logger.ts';

type Method = 'debug' | 'info' | 'warn' | 'error';

/** Objects the SDKs log (results, bodies) stay readable on one line; a whole dump is not needed. */
const MAX_PART_CHARS = 2000;

const partText = (part: unknown) => {
  const text = typeof part === 'string' ? part : inspect(part, { depth: 4, breakLength: Infinity });
  return text.length > MAX_PART_CHARS ? `${text.slice(0, MAX_PART_CHARS)}…` : text;
};

function boltLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR; // error, fatal, silent
}

export function createBoltLogger(parent: Logger): BoltLogger {
  // One name for the app and the SDK clients that share this logger: their setName calls would rename each other.
  const log = parent.child({ name: 'paperbot:slack' });
  // Bolt passes Errors among the parts: the first goes through pino's err serializer, the rest become the message.
  const emit = (method: Method) => (...parts: unknown[]) => {
    if (!log.isLevelEnabled(method)) return;
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts.filter((p) => p !== err).map(partText).join(' ');
    if (err) log[method]({ err }, msg || err.message);
    else log[method](msg);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    // Bolt and the SDK clients set back the level they read: trace and silent must survive that round trip.
    setLevel: (level) => void (boltLevel(log.level) === level || (log.level = level)),
    getLevel: () => boltLevel(log.level),
    setName: () => {},
  };
}
