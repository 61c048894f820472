/**
 * Every LanguageModel decorator hands the stream listener on: the guard (same concurrency slot and circuit for a
 * stream), the shared limit of scaled mode, and the metrics wrapper; a stream holds its slot until its last piece.
 */
import { describe, expect, it } from 'vitest';
import { createPaperbotMetrics, instrumentModel } from '../../src/core/metrics/paperbot-metrics.ts';
import { createDiscardingRegistry } from '../../src/core/metrics/metrics-registry.ts';
import { createGuardedModel } from '../../src/core/model/guarded-model.ts';
import { PaperError } from '../../src/core/errors.ts';
import type { Completion, CompleteOptions, LanguageModel } from '../../src/core/ports.ts';
import type { SharedSemaphore } from '../../src/services/redis-semaphore.ts';
import { withSharedLimit } from '../../src/services/shared-model-limit.ts';

/** A model that streams "a", "ab", "abc" to whoever listens, one piece per tick. */
function streamingModel(fail?: PaperError) {
  const log: string[] = [];
  const model: LanguageModel = {
    name: 'fake',
    async complete(_messages, options: CompleteOptions = {}): Promise<Completion> {
      for (const t of ['a', 'ab', 'abc']) {
        await new Promise((r) => setTimeout(r, 1));
        log.push(`piece ${t}`);
        options.onText?.(t);
      }
      if (fail) throw fail;
      return { text: 'abc', finishReason: 'stop', inputTokens: 1, outputTokens: 1 };
    },
  };
  return { model, log };
}

/** An in-memory stand-in for the Redis semaphore that logs what it does. */
function loggingSemaphore(log: string[]): SharedSemaphore {
  return {
    tryAcquire: async () => ({ release: async () => void log.push('release') }),
    acquire: async () => {
      log.push('acquire');
      return { release: async () => void log.push('release') };
    },
    close: async () => {},
  };
}

describe('the stream listener passes through every decorator', () => {
  it('guard → shared limit → metrics → model, the slot held until the last piece', async () => {
    const { model, log } = streamingModel();
    const metrics = createPaperbotMetrics(createDiscardingRegistry());
    const guarded = createGuardedModel(withSharedLimit(instrumentModel(model, metrics), loggingSemaphore(log), 2), { concurrency: 1 });
    const heard: string[] = [];
    const c = await guarded.complete([{ role: 'user', content: 'x' }], { onText: (t) => void heard.push(t) });
    expect(c.text).toBe('abc');
    expect(heard).toEqual(['a', 'ab', 'abc']);
    expect(log).toEqual(['acquire', 'piece a', 'piece ab', 'piece abc', 'release']);
    expect(guarded.limit.active).toBe(0);
  });

  it('a stream that fails counts for the circuit like any failed call', async () => {
    const outage = new PaperError('llm_failed', { reason: 'the model stopped in the middle of its answer', retryable: true, stalled: true });
    const guarded = createGuardedModel(streamingModel(outage).model, { failureThreshold: 1 });
    const heard: string[] = [];
    await expect(guarded.complete([{ role: 'user', content: 'x' }], { onText: (t) => void heard.push(t) })).rejects.toBe(outage);
    expect(heard).toEqual(['a', 'ab', 'abc']);
    expect(guarded.circuit.state()).toBe('open');
  });
});
