/**
 * The model's concurrency limit across processes (scaled mode): each call holds one of `limit` slots of a Redis
 * semaphore for as long as it runs, so N workers together never send the endpoint more than MODEL_CONCURRENCY calls.
 * Sits under the per-process guard (which still queues this process's own calls FIFO and keeps the circuit).
 */
import type { ChatMessage, Completion, CompleteOptions, LanguageModel } from '../core/ports.ts';
import type { SharedSemaphore } from './redis-semaphore.ts';

export function withSharedLimit(inner: LanguageModel, semaphore: SharedSemaphore, limit: number): LanguageModel {
  return {
    name: inner.name,
    async complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion> {
      const slot = await semaphore.acquire(`model:${inner.name}`, limit);
      try {
        return await inner.complete(messages, options);
      } finally {
        await slot.release();
      }
    },
  };
}
