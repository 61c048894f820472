/** LanguageModel on the openai package: any OpenAI-compatible chat-completions endpoint. */
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { PaperError } from '../core/errors.ts';
import type { ChatMessage, Completion, CompleteOptions, LanguageModel } from '../core/ports.ts';
import { RETRY_DEFAULTS, withRetries, type RetryVerdict } from '../core/model/with-retries.ts';
import { ListenerError, streamCompletion, streamRefusal, type StreamRequest } from './openai-stream.ts';

export interface OpenAiModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Per attempt (for a stream: until its first piece of text). */
  timeoutMs: number;
  /** Retries of 408/409/429/5xx, timeouts, connection errors and broken streams, with exponential backoff and jitter. */
  maxRetries: number;
  /** Longest Retry-After honoured; a longer one fails at once with rate_limited and the server's wait. */
  maxRetryAfterMs?: number;
  maxOutputTokens?: number;
  temperature?: number;
  /** STREAMING: false = never ask for a stream, even when a caller listens (onText). Default true. */
  streaming?: boolean;
  /** Longest wait between two pieces of a stream once it has started; default min(30 s, timeoutMs). */
  idleTimeoutMs?: number;
  /** Counts tokens when the endpoint reports no usage (streams without stream_options, some local servers). */
  countTokens?: (text: string) => number;
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
  if (err instanceof PaperError) return err;
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

/** Whole-answer usage, or the tokenizer's count when the endpoint sent none. */
function usageOf(
  usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined,
  messages: ChatMessage[],
  text: string,
  countTokens: ((text: string) => number) | undefined,
): { inputTokens: number; outputTokens: number } {
  if (usage) return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
  if (!countTokens) return { inputTokens: 0, outputTokens: 0 };
  return { inputTokens: messages.reduce((n, m) => n + countTokens(m.content), 0), outputTokens: countTokens(text) };
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
  const body = (messages: ChatMessage[]) => ({
    model: opts.model,
    messages,
    temperature: opts.temperature ?? 0.2,
    max_tokens: opts.maxOutputTokens ?? 1500,
  });
  // What this endpoint turned out to refuse, remembered for every later call of this model.
  const refuses = { streaming: opts.streaming === false, streamOptions: false };

  const once = async (messages: ChatMessage[]): Promise<Completion> => {
    try {
      const res = await client.chat.completions.create(body(messages));
      const choice = res.choices[0];
      const text = choice?.message?.content ?? '';
      return { text, finishReason: choice?.finish_reason ?? null, ...usageOf(res.usage, messages, text, opts.countTokens) };
    } catch (err) {
      throw translate(err);
    }
  };

  /** One attempt as a stream; falls back (and remembers) when the endpoint refuses stream_options or streaming. */
  const streamed = async (messages: ChatMessage[], onText: (text: string) => void): Promise<Completion> => {
    for (;;) {
      if (refuses.streaming) return once(messages);
      const req: StreamRequest = { body: body(messages), usage: !refuses.streamOptions, timeoutMs: opts.timeoutMs, idleTimeoutMs: opts.idleTimeoutMs ?? Math.min(30_000, opts.timeoutMs) };
      try {
        const got = await streamCompletion(client, req, onText);
        return { text: got.text, finishReason: got.finishReason, ...usageOf(got.usage, messages, got.text, opts.countTokens) };
      } catch (err) {
        if (err instanceof ListenerError) throw err.cause;
        const refused = streamRefusal(err);
        if (refused === 'stream_options' && !refuses.streamOptions) refuses.streamOptions = true;
        else if (refused === 'stream') refuses.streaming = true;
        else throw translate(err);
      }
    }
  };

  return {
    name: opts.model,
    complete: (messages, options: CompleteOptions = {}) => {
      const { onText } = options;
      // A model that hangs costs a whole LLM_TIMEOUT_S per attempt: retry a timeout once, not LLM_MAX_RETRIES times.
      let timeouts = 0;
      const bounded = (err: unknown): RetryVerdict => (err instanceof PaperError && err.data.timedOut === true && ++timeouts > 1 ? { retry: false } : verdict(err));
      if (!onText) return withRetries(() => once(messages), bounded, policy, { sleep: (ms) => sleep(ms) });
      // What a failed attempt showed is withdrawn at once (''), so listeners replace it with the next attempt's text.
      let shown = false;
      const listen = (text: string) => {
        shown = true;
        onText(text);
      };
      const attempt = async () => {
        try {
          return await streamed(messages, listen);
        } catch (err) {
          if (shown) {
            shown = false;
            onText('');
          }
          throw err;
        }
      };
      return withRetries(attempt, bounded, policy, { sleep: (ms) => sleep(ms) });
    },
  };
}
