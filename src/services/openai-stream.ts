/**
 * One streamed chat completion on the openai client (`stream: true`, usage in the last chunk when
 * `stream_options.include_usage` is asked). The client's timeout covers only the wait for the response headers, so
 * the time to the first piece of text (a long prompt is read first: `timeoutMs`) and every pause after it
 * (`idleTimeoutMs`) are bounded here: a stream that stalls or breaks off is a retryable llm_failed, retried by the
 * caller like any failed call.
 */
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { PaperError } from '../core/errors.ts';

export interface StreamRequest {
  body: { model: string; messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>; temperature: number; max_tokens: number };
  /** Ask for usage in the last chunk (stream_options.include_usage). */
  usage: boolean;
  /** Longest wait for the first piece of text. */
  timeoutMs: number;
  /** Longest wait between two pieces once the text has started. */
  idleTimeoutMs: number;
}

export interface StreamedAnswer {
  text: string;
  finishReason: string | null;
  usage: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** A listener's own failure: passed on as it is, never taken for a broken stream (and never retried). */
export class ListenerError extends Error {
  override readonly name = 'ListenerError';
}

/** Chat completions answered in one piece (a server that ignores `stream`) or one JSON error. */
interface WholeAnswer {
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: StreamedAnswer['usage'];
}

/** What a refused streaming request says the endpoint cannot do: stream_options, streaming itself, or neither. */
export function streamRefusal(err: unknown): 'stream_options' | 'stream' | null {
  if (!(err instanceof APIError) || (err.status !== 400 && err.status !== 422 && err.status !== 501)) return null;
  const said = `${err.message} ${JSON.stringify(err.error ?? '')}`;
  if (/stream_options|include_usage/i.test(said)) return 'stream_options';
  return /stream/i.test(said) ? 'stream' : null;
}

const broken = (reason: string, extra: Record<string, unknown> = {}, cause?: unknown) =>
  new PaperError('llm_failed', { reason, retryable: true, ...extra }, cause === undefined ? undefined : { cause });

export async function streamCompletion(client: OpenAI, req: StreamRequest, onText: (text: string) => void): Promise<StreamedAnswer> {
  const abort = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      abort.abort();
    }, ms);
  };
  // Counted as a time-out: the caller retries those once, not LLM_MAX_RETRIES times.
  const stall = () => broken(text ? 'the model stopped in the middle of its answer' : 'the model did not answer in time', { timedOut: true, stalled: true });
  let text = '';
  let finishReason: string | null = null;
  let usage: StreamedAnswer['usage'] = null;
  let started = false;
  arm(req.timeoutMs);
  try {
    const { data: stream, response } = await client.chat.completions
      .create({ ...req.body, stream: true, ...(req.usage ? { stream_options: { include_usage: true } } : {}) }, { signal: abort.signal })
      .withResponse();
    if (!/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
      // A server that ignores `stream` and answers in one piece: the answer is just as good.
      const whole = (await response.json()) as WholeAnswer;
      const choice = whole.choices?.[0];
      return { text: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? null, usage: whole.usage ?? null };
    }
    started = true;
    for await (const chunk of stream) {
      const choice = chunk.choices?.[0];
      const piece = choice?.delta?.content;
      if (piece) {
        text += piece;
        arm(req.idleTimeoutMs);
        try {
          onText(text);
        } catch (err) {
          throw new ListenerError('the stream listener failed', { cause: err });
        }
      } else if (text) arm(req.idleTimeoutMs);
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
  } catch (err) {
    if (err instanceof ListenerError) {
      abort.abort();
      throw err;
    }
    if (stalled) throw stall();
    // A status or an error event from the endpoint is its answer; anything else mid-stream is a broken connection.
    if (err instanceof APIError || !started) throw err;
    throw broken('the connection broke off in the middle of the answer', {}, err);
  } finally {
    clearTimeout(timer);
  }
  // openai's stream ends quietly when aborted: a stall shows only here.
  if (stalled) throw stall();
  return { text, finishReason, usage };
}
