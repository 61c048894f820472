/** The only reader of process.env. Validated once at start-up; errors name the variable. */
import { languageDataFile } from './services/ocr-languages.ts';
import { z } from 'zod';
import { DEFAULTS } from './config-defaults.ts';

export { DEFAULTS } from './config-defaults.ts';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const wholeNumber = (name: string, fallback: number, min: 0 | 1) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a ${min ? 'positive ' : ''}whole number${min ? '' : ' (0 or more)'} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });
const positiveInt = (name: string, fallback: number) => wholeNumber(name, fallback, 1);
/** A limit where 0 means "no limit". */
const limit = (name: string, fallback: number) => wholeNumber(name, fallback, 0);

/** One FETCH_ALLOW_HOSTS entry: a host name or IP (ports 80 and 443) or host:port; IPv6 in brackets. */
export interface AllowedHost {
  host: string;
  /** undefined = the default ports 80 and 443. */
  port?: number;
}
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::(\d{1,5}))?$/i;
const hostList = (name: string) =>
  optionalString.transform((v, ctx) => {
    const entries: AllowedHost[] = [];
    for (const raw of (v ?? '').split(/[\s,]+/).filter(Boolean)) {
      const m = HOST_ENTRY.exec(raw);
      const port = m?.[2] === undefined ? undefined : Number(m[2]);
      if (!m || (port !== undefined && (port < 1 || port > 65535))) {
        ctx.addIssue({ code: 'custom', message: `${name} must be host or host:port entries separated by commas (got "${raw}")` });
        return z.NEVER;
      }
      entries.push({ host: m[1]!.toLowerCase().replace(/^\[|\]$/g, ''), ...(port === undefined ? {} : { port }) });
    }
    return entries;
  });
/** Comma-separated ids; undefined when unset (no list), the ids otherwise. */
const idList = (name: string, what: string, shape: RegExp) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ids = v.split(/[\s,]+/).filter(Boolean);
    const bad = ids.find((id) => !shape.test(id));
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `${name} must be ${what} separated by commas (got "${bad}")` });
      return z.NEVER;
    }
    return ids;
  });

const url = (name: string, fallback?: string) =>
  optionalString.transform((v, ctx) => {
    const value = v ?? fallback;
    if (value === undefined) return undefined;
    try {
      new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${name} must be a URL (got "${value}")` });
      return z.NEVER;
    }
    return value;
  });

const schema = z.object({
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('OPENAI_BASE_URL'),
  OPENAI_MODEL: optionalString.transform((v) => v ?? DEFAULTS.OPENAI_MODEL),
  // Questions in threads: embeddings model on the same endpoint (unset = BM25 retrieval only), and the cosine from
  // which the best passage by meaning counts as answering the question.
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_MIN_SIMILARITY: optionalString.transform((v, ctx) => {
    if (v === undefined) return 0.3;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      ctx.addIssue({ code: 'custom', message: `EMBEDDINGS_MIN_SIMILARITY must be a number from 0 to 1 (got "${v}")` });
      return z.NEVER;
    }
    return n;
  }),
  SUMMARY_LANGUAGE: optionalString.pipe(z.enum(['zh', 'en'], { message: 'SUMMARY_LANGUAGE must be "zh" or "en"' }).optional()).transform((v) => v ?? DEFAULTS.SUMMARY_LANGUAGE),
  MAX_INPUT_TOKENS: positiveInt('MAX_INPUT_TOKENS', DEFAULTS.MAX_INPUT_TOKENS),
  MAX_PDF_MB: positiveInt('MAX_PDF_MB', DEFAULTS.MAX_PDF_MB),
  MAX_PAGES: positiveInt('MAX_PAGES', DEFAULTS.MAX_PAGES),
  CACHE_URL: optionalString.transform((v) => v ?? DEFAULTS.CACHE_URL).refine((v) => /^(sqlite|redis|rediss|memory):/.test(v), {
    message: 'CACHE_URL must start with sqlite://, redis:// or memory:',
  }),
  REDIS_URL: url('REDIS_URL'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url('SLACK_API_URL', DEFAULTS.SLACK_API_URL),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: url('DISCORD_API_URL', DEFAULTS.DISCORD_API_URL),
  // An extra exact origin attachments may come from (a CDN proxy); DISCORD_API_URL's own origin is always accepted.
  DISCORD_CDN_URL: url('DISCORD_CDN_URL'),
  // Channel ids where dropped PDFs are summarized without a command (needs the privileged Message Content intent).
  DISCORD_AUTO_CHANNELS: optionalString.transform((v, ctx) => {
    const ids = (v ?? '').split(/[\s,]+/).filter(Boolean);
    const bad = ids.find((id) => !/^\d{5,25}$/.test(id));
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `DISCORD_AUTO_CHANNELS must be channel ids separated by commas (got "${bad}")` });
      return z.NEVER;
    }
    return ids;
  }),
  // Optional allow-lists: when set, the bot answers only in these Slack channels / Discord servers.
  SLACK_ALLOWED_CHANNELS: idList('SLACK_ALLOWED_CHANNELS', 'Slack channel ids (C…, G…, D…)', /^[CGD][A-Z0-9]{6,20}$/),
  DISCORD_ALLOWED_GUILDS: idList('DISCORD_ALLOWED_GUILDS', 'Discord server ids', /^\d{5,25}$/),
  PORT: positiveInt('PORT', DEFAULTS.PORT),
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' }).optional()).transform((v) => v ?? DEFAULTS.LOG_LEVEL),
  // serve/worker log lines: unset = readable on a terminal, JSON lines otherwise.
  LOG_FORMAT: optionalString.pipe(z.enum(['json', 'pretty'], { message: 'LOG_FORMAT must be "json" or "pretty"' }).optional()),
  PARSE_TIMEOUT_S: positiveInt('PARSE_TIMEOUT_S', DEFAULTS.PARSE_TIMEOUT_S),
  // Resident memory the PDF parser's child process may reach (polled from outside); past it the paper is too_large.
  PARSE_MAX_MEMORY_MB: positiveInt('PARSE_MAX_MEMORY_MB', DEFAULTS.PARSE_MAX_MEMORY_MB),
  // Spending caps for chat (0 = no cap): model calls per user per workspace per hour, per workspace (Slack team /
  // Discord server) per day, and jobs waiting in line before new work is answered "busy".
  USER_QUOTA_PER_HOUR: limit('USER_QUOTA_PER_HOUR', DEFAULTS.USER_QUOTA_PER_HOUR),
  WORKSPACE_QUOTA_PER_DAY: limit('WORKSPACE_QUOTA_PER_DAY', DEFAULTS.WORKSPACE_QUOTA_PER_DAY),
  MAX_WAITING_JOBS: limit('MAX_WAITING_JOBS', DEFAULTS.MAX_WAITING_JOBS),
  // Scaled mode: seconds an enqueue may wait for Redis before the user is told the bot cannot take work now.
  QUEUE_ADD_TIMEOUT_S: positiveInt('QUEUE_ADD_TIMEOUT_S', DEFAULTS.QUEUE_ADD_TIMEOUT_S),
  // Registries: paper metadata for arXiv ids and DOIs (used only when the record's title matches the PDF). The URLs are
  // operator-trusted (a mirror on a private host is reachable as if listed in FETCH_ALLOW_HOSTS).
  REGISTRY_LOOKUP: optionalString.pipe(z.enum(['on', 'off'], { message: 'REGISTRY_LOOKUP must be "on" or "off"' }).optional()).transform((v) => v ?? 'on'),
  ARXIV_API_URL: url('ARXIV_API_URL', 'https://export.arxiv.org/api/query'),
  ARXIV_PDF_URL: url('ARXIV_PDF_URL', 'https://arxiv.org/pdf/'),
  CROSSREF_API_URL: url('CROSSREF_API_URL', 'https://api.crossref.org'),
  // Sent to Crossref as mailto= (its "polite pool"); unset = anonymous requests.
  CROSSREF_MAILTO: optionalString,
  // Private hosts the fetcher may reach anyway (intranet paper servers): host (ports 80/443) or host:port.
  FETCH_ALLOW_HOSTS: hostList('FETCH_ALLOW_HOSTS'),
  LLM_TIMEOUT_S: positiveInt('LLM_TIMEOUT_S', DEFAULTS.LLM_TIMEOUT_S),
  // Ask the model to stream its answer (shown in the chat as it is written); off = one whole answer per call.
  // OCR of unreadable pages (scans, garbled layers): auto = only those; force = every page up to OCR_MAX_PAGES.
  OCR: optionalString.pipe(z.enum(['auto', 'off', 'force'], { message: 'OCR must be "auto", "off" or "force"' }).optional()).transform((v) => v ?? 'auto'),
  OCR_LANGS: optionalString.transform((v, ctx) => {
    const langs = (v ?? DEFAULTS.OCR_LANGS).split('+').map((l) => l.trim());
    const missing = langs.filter((l) => languageDataFile(l) === null);
    if (missing.length) {
      ctx.addIssue({ code: 'custom', message: `OCR_LANGS names languages with no installed data: ${missing.join(', ')} (tesseract codes joined by "+", e.g. eng+chi_sim; others need their @tesseract.js-data package)` });
      return z.NEVER;
    }
    return langs;
  }),
  OCR_MAX_PAGES: positiveInt('OCR_MAX_PAGES', DEFAULTS.OCR_MAX_PAGES),
  OCR_TIMEOUT_S: positiveInt('OCR_TIMEOUT_S', DEFAULTS.OCR_TIMEOUT_S),
  STREAMING: optionalString.pipe(z.enum(['on', 'off'], { message: 'STREAMING must be "on" or "off"' }).optional()).transform((v) => v ?? 'on'),
  // Slack: stream with Slack's streaming methods (native), by editing the placeholder (update), or native with a
  // fallback to update when Slack refuses the methods (auto).
  SLACK_STREAMING: optionalString
    .pipe(z.enum(['auto', 'native', 'update'], { message: 'SLACK_STREAMING must be "auto", "native" or "update"' }).optional())
    .transform((v) => v ?? 'auto'),
  LLM_MAX_RETRIES: wholeNumber('LLM_MAX_RETRIES', DEFAULTS.LLM_MAX_RETRIES, 0),
  // Model calls in flight at once (per process); more wait in line. Protects the endpoint and our rate limit.
  MODEL_CONCURRENCY: positiveInt('MODEL_CONCURRENCY', DEFAULTS.MODEL_CONCURRENCY),
  // Failed calls in a row (connection refused, timeouts, 5xx) after which the model is left alone for a cool-down.
  LLM_CIRCUIT_FAILURES: positiveInt('LLM_CIRCUIT_FAILURES', DEFAULTS.LLM_CIRCUIT_FAILURES),
  LLM_CIRCUIT_COOLDOWN_S: positiveInt('LLM_CIRCUIT_COOLDOWN_S', DEFAULTS.LLM_CIRCUIT_COOLDOWN_S),
  DOWNLOAD_TIMEOUT_S: positiveInt('DOWNLOAD_TIMEOUT_S', DEFAULTS.DOWNLOAD_TIMEOUT_S),
  // Chat jobs running at once: in all, for one user, in one channel (the rest wait their turn, oldest first).
  JOB_CONCURRENCY: positiveInt('JOB_CONCURRENCY', DEFAULTS.JOB_CONCURRENCY),
  JOB_CONCURRENCY_PER_USER: positiveInt('JOB_CONCURRENCY_PER_USER', DEFAULTS.JOB_CONCURRENCY_PER_USER),
  JOB_CONCURRENCY_PER_CHANNEL: positiveInt('JOB_CONCURRENCY_PER_CHANNEL', DEFAULTS.JOB_CONCURRENCY_PER_CHANNEL),
  // On SIGTERM/SIGINT: how long `serve` may take to finish running summaries and close before it exits.
  SHUTDOWN_TIMEOUT_S: positiveInt('SHUTDOWN_TIMEOUT_S', DEFAULTS.SHUTDOWN_TIMEOUT_S),
  // Scaled mode (REDIS_URL): `serve` only receives and enqueues unless WORKER_IN_SERVE=true (both roles in one process).
  WORKER_IN_SERVE: optionalString
    .pipe(z.enum(['true', 'false', '1', '0'], { message: 'WORKER_IN_SERVE must be "true" or "false"' }).optional())
    .transform((v) => v === 'true' || v === '1'),
  // Scaled mode: prefix of every Redis key (queue `<prefix>:jobs:*`, claims `<prefix>:claims:*`); several bots can share one Redis.
  REDIS_PREFIX: optionalString.transform((v) => v ?? DEFAULTS.REDIS_PREFIX),
  // BullMQ job lock (renewed every half of it by a live worker), stall check period, stalls before a job is failed,
  // attempts for a handler that throws. A killed worker's job is taken over after about lock + stall interval.
  QUEUE_LOCK_MS: positiveInt('QUEUE_LOCK_MS', DEFAULTS.QUEUE_LOCK_MS),
  QUEUE_STALLED_INTERVAL_MS: positiveInt('QUEUE_STALLED_INTERVAL_MS', DEFAULTS.QUEUE_STALLED_INTERVAL_MS),
  QUEUE_MAX_STALLED: positiveInt('QUEUE_MAX_STALLED', DEFAULTS.QUEUE_MAX_STALLED),
  QUEUE_ATTEMPTS: positiveInt('QUEUE_ATTEMPTS', DEFAULTS.QUEUE_ATTEMPTS),
});

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => (i.message.includes(String(i.path[0])) ? i.message : `${String(i.path[0])}: ${i.message}`)));
  }
  return result.data;
}

/**
 * The one engine rule (CONTRACT): a model is used when OPENAI_API_KEY or OPENAI_BASE_URL is set. Local servers
 * (Ollama, vLLM, llama.cpp) need no key, so a base URL alone is enough.
 */
export function modelConfigured(config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>): boolean {
  return Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
}
