/**
 * Embedder on the openai package (EMBEDDINGS_MODEL on the same OpenAI-compatible endpoint as the model): errors and
 * retries as for chat completions. Floats are asked for explicitly; openai 6 otherwise asks for base64 and some
 * compatible servers answer with plain arrays.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import type { Embedder } from '../core/ports.ts';
import { RETRY_DEFAULTS, withRetries } from '../core/model/with-retries.ts';
import { translate, verdict } from './openai-model.ts';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export function createOpenAiEmbedder(opts: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({ apiKey: opts.apiKey, ...(opts.baseURL ? { baseURL: opts.baseURL } : {}), timeout: opts.timeoutMs, maxRetries: 0 });
  const policy = { ...RETRY_DEFAULTS, maxRetries: opts.maxRetries };
  const once = async (texts: string[]): Promise<number[][]> => {
    try {
      const res = await client.embeddings.create({ model: opts.model, input: texts, encoding_format: 'float' });
      return [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    model: opts.model,
    embed: (texts) => withRetries(() => once(texts), verdict, policy, { sleep: (ms) => sleep(ms) }),
  };
}
