/** LanguageModel on the openai package: any OpenAI-compatible chat-completions endpoint. */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { PaperError } from '../core/errors.ts';
import type { ChatMessage, Completion, LanguageModel } from '../core/ports.ts';

export interface OpenAiModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** The client retries 408/409/429/5xx and connection errors with exponential backoff and jitter, honouring Retry-After. */
  maxRetries: number;
  maxOutputTokens?: number;
  temperature?: number;
}

function retryAfterSeconds(err: APIError): number | null {
  const raw = err.headers?.get?.('retry-after');
  if (!raw) return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, Math.round(n));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** Library errors become ours here, at the edge; the API key never ends up in a message. */
function translate(err: unknown): PaperError {
  if (err instanceof APIConnectionTimeoutError) return new PaperError('llm_failed', { reason: 'the model did not answer in time', retryable: true });
  if (err instanceof APIConnectionError) return new PaperError('llm_failed', { reason: 'could not reach the model endpoint', retryable: true });
  if (err instanceof APIError) {
    const status = err.status ?? null;
    if (status === 429) return new PaperError('rate_limited', { status, retryAfterSeconds: retryAfterSeconds(err) });
    if (status === 401 || status === 403) return new PaperError('llm_failed', { status, reason: 'the model endpoint refused the API key', retryable: false });
    if (status === 404) return new PaperError('llm_failed', { status, reason: 'the model or endpoint was not found', retryable: false });
    return new PaperError('llm_failed', { status, reason: `the model endpoint answered HTTP ${status ?? 'error'}`, retryable: (status ?? 500) >= 500 });
  }
  return new PaperError('llm_failed', { reason: 'unexpected error from the model client' }, { cause: err });
}

export function createOpenAiModel(opts: OpenAiModelOptions): LanguageModel {
  const client = new OpenAI({
    apiKey: opts.apiKey,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries,
  });
  return {
    name: opts.model,
    async complete(messages: ChatMessage[]): Promise<Completion> {
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
    },
  };
}
