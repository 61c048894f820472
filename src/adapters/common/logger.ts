/**
 * The pino logger of `serve` and `worker`; the chat adapters log through child loggers with a `name`. Records go to
 * stderr (stdout stays free for results): JSON lines, or readable lines for a person at a terminal. Every record
 * passes the secret redactor after pino has serialized it, so the message, the error stack with its causes and
 * attached fields (an SDK's response body) are all covered.
 */
import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { createRedactor } from './redact-secrets.ts';

export type { Logger } from 'pino';
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** LOG_LEVEL: a pino level name, `silent` included. Default info. */
  level?: string | undefined;
  /** LOG_FORMAT; default: pretty when writing to a terminal, else JSON lines. */
  format?: LogFormat | undefined;
  /** Configured secret values to redact (see secretsOf); token shapes are redacted anyway. */
  secrets?: readonly string[] | undefined;
  /** Receives each record, without its final newline. Default: stderr. */
  write?: ((line: string) => void) | undefined;
  /** Whether the records reach a terminal (default format, colours). Default: whether stderr is one, unless `write` is given. */
  terminal?: boolean | undefined;
}

/** SDK errors carry whole request bodies (files, embeds): enough of each attached field to diagnose, not a dump. */
const MAX_FIELD_CHARS = 2000;
const ERR_OWN = new Set(['type', 'message', 'stack', 'aggregateErrors']);

function jsonText(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    }) ?? '';
  } catch {
    return String(value);
  }
}

/** pino's err serializer (type, message and stack with their causes, own fields), with long attached fields clipped. */
function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown;
  if (!out || typeof out !== 'object') return out;
  const fields = out as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (ERR_OWN.has(key) || typeof value === 'number' || typeof value === 'boolean') continue;
    const text = typeof value === 'string' ? value : jsonText(value);
    if (text.length > MAX_FIELD_CHARS) fields[key] = `${text.slice(0, MAX_FIELD_CHARS)}…`;
  }
  return fields;
}

/**
 * Redacts every string (keys too) of a serialized record, then serializes it again. Working on the parsed strings
 * rather than the JSON text matters: JSON escapes (`\n` before a token in a stack) hide the word boundaries the token
 * shapes rely on, and a shape matched across two JSON strings would break the line.
 */
function redactRecord(redact: (text: string) => string): (line: string) => string {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v)]));
    return value;
  };
  return (line) => {
    try {
      return `${JSON.stringify(walk(JSON.parse(line)))}\n`;
    } catch {
      return redact(line); // not JSON (never expected): the text as a whole is still redacted
    }
  };
}

/** Where pino writes: the (already redacted) JSON line as is, or pino-pretty's rendering of it, synchronously. */
function destination(format: LogFormat, colorize: boolean, write: (line: string) => void): pino.DestinationStream {
  const pretty = format === 'pretty' ? prettyFactory({ colorize, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }) : null;
  return { write: (record: string) => write((pretty ? pretty(record) : record).replace(/\n$/, '')) };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const terminal = opts.terminal ?? (opts.write ? false : process.stderr.isTTY === true);
  const format = opts.format ?? (terminal ? 'pretty' : 'json');
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return pino(
    {
      level: opts.level ?? 'info',
      serializers: { err: serializeError },
      hooks: { streamWrite: redactRecord(createRedactor(opts.secrets)) },
    },
    destination(format, terminal && format === 'pretty', write),
  );
}
