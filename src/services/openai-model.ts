/** LanguageModel on the openai package: any OpenAI-compatible chat-completions endpoint. */
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { PaperError } from '../core/errors.ts';
import type { ChatMessage, Completion, LanguageModel } from '../core/ports.ts';
import { RETRY_DEFAULTS, withRetries, type RetryVerdict } from '../core/model/with-retries.ts';

export interface OpenAiModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries of 408/409/429/5xx, timeouts and connection errors, with exponential backoff and jitter. */
  maxRetries: number;
  /** Longest Retry-After honoured; a longer one fails at once with rate_limited and the server's wait. */
  maxRetryAfterMs?: number;
  maxOutputTokens?: number;
  temperature?: number;
}

/** Retry-After (seconds or an HTTP date) or the retry-after-ms that OpenAI sends, in ms. */
function retryAfterMs(err: APIError): number | null {
  const ms = Number(err.headers?.get?.('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms)) return Math.max(0, ms);
  const raw = err.headers?.get?.('retry-after');
  if (!raw) return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, n * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Library errors become ours here, at the edge; the API key never ends up in a message. */
export function translate(err: unknown): PaperError {
  if (err instanceof APIConnectionTimeoutError) return new PaperError('llm_failed', { reason: 'the model did not answer in time', retryable: true, timedOut: true });
  if (err instanceof APIConnectionError) return new PaperError('llm_failed', { reason: 'could not reach the model endpoint', retryable: true });
  if (err instanceof APIError) {
    const status = err.status ?? null;
    const waitMs = retryAfterMs(err);
    const wait = waitMs === null ? {} : { retryAfterMs: waitMs, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    if (status === 429) return new PaperError('rate_limited', { status, retryAfterSeconds: null, ...wait });
    if (status === 401 || status === 403) return new PaperError('llm_failed', { status, reason: 'the model endpoint refused the API key', retryable: false });
    if (status === 404) return new PaperError('llm_failed', { status, reason: 'the model or endpoint was not found', retryable: false });
    const retryable = status === null || status === 408 || status === 409 || status >= 500;
    return new PaperError('llm_failed', { status, reason: `the model endpoint answered HTTP ${status ?? 'error'}`, retryable, ...wait });
  }
  return new PaperError('llm_failed', { reason: 'unexpected error from the model client' }, { cause: err });
}

export function verdict(err: unknown): RetryVerdict {
  if (!(err instanceof PaperError)) return { retry: false };
  if (err.code !== 'rate_limited' && err.data.retryable !== true) return { retry: false };
  const after = err.data.retryAfterMs;
  return { retry: true, afterMs: typeof after === 'number' ? after : null };
}

export function createOpenAiModel(opts: OpenAiModelOptions): LanguageModel {
  // Retries are ours, not the client's: openai 6 waits as long as any Retry-After says (an hour, if a gateway says so).
  const client = new OpenAI({
    apiKey: opts.apiKey,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    timeout: opts.timeoutMs,
    maxRetries: 0,
  });
  const policy = { ...RETRY_DEFAULTS, maxRetries: opts.maxRetries, maxRetryAfterMs: opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs };
  const once = async (messages: ChatMessage[]): Promise<Completion> => {
    try {
      const res = await client.chat.completions.create({
        model: opts.model,
        messages,
        temperature: opts.temperature ?? 0.2,
        max_tokens: opts.maxOutputTokens ?? 1500,
      });
      const choice = res.choices[0];
      return {
        text: choice?.message?.content ?? '',
        finishReason: choice?.finish_reason ?? null,
        inputTokens: res.usage?.prompt_tokens ?? 0,
        outputTokens: res.usage?.completion_tokens ?? 0,
      };
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    name: opts.model,
    complete: (messages) => {
      // A model that hangs costs a whole LLM_TIMEOUT_S per attempt: retry a timeout once, not LLM_MAX_RETRIES times.
      let timeouts = 0;
      const bounded = (err: unknown): RetryVerdict => (err instanceof PaperError && err.data.timedOut === true && ++timeouts > 1 ? { retry: false } : verdict(err));
      return withRetries(() => once(messages), bounded, policy, { sleep: (ms) => sleep(ms) });
    },
  };
}
