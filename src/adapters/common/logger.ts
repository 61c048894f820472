/**
 * The one logger factory of the chat adapters and `serve`: leveled lines on stderr (stdout stays free for results),
 * every line passed through the secret redactor last, after errors (stack, cause chain, attached data such as an
 * SDK's response body) and objects have been turned into text. Slack's Bolt logger and Discord's Log wrap this.
 */
import { createRedactor } from './redact-secrets.ts';

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export interface LoggerOptions {
  name: string;
  /** LOG_LEVEL (pino names: trace and debug → debug, fatal → error, silent → nothing). */
  level?: string | undefined;
  /** Configured secret values to redact (see secretsOf); token shapes are redacted anyway. */
  secrets?: readonly string[] | undefined;
  write?: ((line: string) => void) | undefined;
}

export interface Logger {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
  /** The lowest level written, or null for silent. */
  level(): Level | null;
  setLevel(level: string): void;
  setName(name: string): void;
}

export function toLevel(level: string | undefined): Level | null {
  if (level === 'silent') return null;
  if (level === 'debug' || level === 'trace') return 'debug';
  if (level === 'warn') return 'warn';
  if (level === 'error' || level === 'fatal') return 'error';
  return 'info';
}

/** Attached fields can hold whole request bodies (files, embeds): enough to diagnose, not a dump. */
const MAX_EXTRA_CHARS = 2000;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** Text of an error with everything a log reader needs: stack, attached fields (SDK errors carry bodies), causes. */
function errorText(err: Error, depth: number): string {
  let text = err.stack ?? `${err.name}: ${err.message}`;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (k !== 'cause' && k !== 'stack' && k !== 'message') extra[k] = v;
  if (Object.keys(extra).length) text += ` ${clip(jsonText(extra), MAX_EXTRA_CHARS)}`;
  if (err.cause !== undefined && depth < 3) text += `\n  caused by: ${partText(err.cause, depth + 1)}`;
  return text;
}

function jsonText(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return errorText(v, 3);
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }) ?? String(value);
  } catch {
    return String(value);
  }
}

function partText(part: unknown, depth = 0): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return errorText(part, depth);
  if (part && typeof part === 'object') return jsonText(part);
  return String(part);
}

export function createLogger(opts: LoggerOptions): Logger {
  let name = opts.name;
  let min = toLevel(opts.level);
  const redact = createRedactor(opts.secrets);
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const emit = (lvl: Level) => (...parts: unknown[]) => {
    if (min === null || LEVELS.indexOf(lvl) < LEVELS.indexOf(min)) return;
    const text = parts.map((p) => partText(p)).join(' ');
    write(redact(`${new Date().toISOString()} ${lvl.toUpperCase()} ${name} ${text}`));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    level: () => min,
    setLevel: (level) => void (min = toLevel(level)),
    setName: (n) => void (name = n),
  };
}
