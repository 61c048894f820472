import { describe, expect, it } from 'vitest';
import { PaperError } from '../../../src/core/errors.ts';
import {
  cacheKind,
  createPaperbotMetrics,
  instrumentCache,
  instrumentExtractor,
  instrumentModel,
  instrumentQueue,
  instrumentSummarizer,
} from '../../../src/core/metrics/paperbot-metrics.ts';
import type { LanguageModel, SummaryCache, TextExtractor } from '../../../src/core/ports.ts';
import { createInProcessQueue } from '../../../src/core/queue/index.ts';
import type { JobQueue } from '../../../src/core/queue/types.ts';
import type { Summarizer } from '../../../src/core/pipeline/summarizer.ts';
import type { ExtractedPdf, PaperRequest, SummaryResult } from '../../../src/core/types.ts';
import { summaryCacheKey } from '../../../src/core/pipeline/cache-key.ts';
import { paperIndexKey } from '../../../src/core/qa/paper-index-store.ts';
import { feedbackKey } from '../../../src/adapters/common/feedback-votes.ts';
import { createPromRegistry } from '../../../src/services/prom-registry.ts';
import { sample } from '../../helpers/metrics-text.ts';

function memoryCache(): SummaryCache & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async <T>(key: string, value: T) => void data.set(key, value),
  };
}

/** Paperbot's metrics on a real registry, and the value of one series as /metrics would show it. */
function measured(version?: string) {
  const metrics = createPaperbotMetrics(createPromRegistry(), version ? { version } : {});
  return { metrics, value: async (series: string) => sample(await metrics.registry.render(), series) };
}

describe('paperbot metrics decorators', () => {
  it('times model calls and counts tokens, and errors by code', async () => {
    const { metrics, value } = measured('9.9.9');
    let fail: Error | null = null;
    const inner: LanguageModel = {
      name: 'test-model',
      complete: async () => {
        if (fail) throw fail;
        return { text: 'hi', finishReason: 'stop', inputTokens: 120, outputTokens: 30 };
      },
    };
    const model = instrumentModel(inner, metrics);
    expect(model.name).toBe('test-model');
    await model.complete([{ role: 'user', content: 'x' }]);
    await model.complete([{ role: 'user', content: 'y' }]);
    fail = new PaperError('rate_limited');
    await expect(model.complete([])).rejects.toThrow(/rate_limited/);
    fail = new Error('socket hang up');
    await expect(model.complete([])).rejects.toThrow(/hang up/);
    expect(await value('paperbot_model_call_duration_seconds_count')).toBe(4);
    expect(await value('paperbot_model_calls_total{outcome="ok"}')).toBe(2);
    expect(await value('paperbot_model_calls_total{outcome="error"}')).toBe(2);
    expect(await value('paperbot_model_input_tokens_total')).toBe(240);
    expect(await value('paperbot_model_output_tokens_total')).toBe(60);
    expect(await value('paperbot_model_errors_total{code="rate_limited"}')).toBe(1);
    expect(await value('paperbot_model_errors_total{code="error"}')).toBe(1);
    const text = await metrics.registry.render();
    expect(text).toContain('paperbot_model_input_tokens_total 240\n');
    expect(text).toContain('paperbot_model_errors_total{code="rate_limited"} 1\n');
    expect(text).toContain('paperbot_model_call_duration_seconds_count 4\n');
    expect(text).toContain('paperbot_build_info{version="9.9.9"} 1\n');
  });

  it('times PDF parsing, failed parses included, and passes close through', async () => {
    const { metrics, value } = measured();
    let closed = false;
    const inner: TextExtractor = {
      extract: async (bytes) => {
        if (bytes.length === 0) throw new PaperError('not_pdf');
        return { pages: [], totalPages: 1 } as unknown as ExtractedPdf;
      },
      close: async () => void (closed = true),
    };
    const extractor = instrumentExtractor(inner, metrics);
    await extractor.extract(new Uint8Array([1]), { maxPages: 10 });
    await expect(extractor.extract(new Uint8Array(), { maxPages: 10 })).rejects.toThrow(/not_pdf/);
    expect(await value('paperbot_parse_duration_seconds_count')).toBe(2);
    expect(await value('paperbot_parse_errors_total{code="not_pdf"}')).toBe(1);
    await extractor.close?.();
    expect(closed).toBe(true);
  });

  it('counts cache hits and misses of summaries and parsed papers only', async () => {
    const { metrics, value } = measured();
    const inner = memoryCache();
    const cache = instrumentCache(inner, metrics);
    const summary = summaryCacheKey({ sha256: 'abc', language: 'en', engine: 'llm', model: 'm', promptVersion: 'p', codeVersion: '1' });
    const index = paperIndexKey('abc', '1');
    expect(cacheKind(summary)).toBe('summary');
    expect(cacheKind(index)).toBe('paper_index');
    expect(cacheKind(feedbackKey('abc', 'en'))).toBeNull();
    expect(await cache.get(summary)).toBeUndefined();
    await cache.set(summary, { ok: 1 });
    expect(await cache.get(summary)).toEqual({ ok: 1 });
    expect(await cache.get(summary)).toEqual({ ok: 1 });
    expect(await cache.get(index)).toBeUndefined();
    await cache.get(feedbackKey('abc', 'en'));
    await cache.get('claim:whatever');
    expect(await value('paperbot_cache_hits_total{kind="summary"}')).toBe(2);
    expect(await value('paperbot_cache_misses_total{kind="summary"}')).toBe(1);
    expect(await value('paperbot_cache_misses_total{kind="paper_index"}')).toBe(1);
    const text = await metrics.registry.render();
    expect(text).not.toMatch(/kind="(feedback|claim)/);
    expect(inner.data.get(summary)).toEqual({ ok: 1 });
  });

  it('counts summaries by outcome: fresh, cached, error code', async () => {
    const { metrics, value } = measured();
    const results: Array<Partial<SummaryResult> | Error> = [{ cached: false }, { cached: true }, new PaperError('no_text')];
    const inner: Summarizer = {
      summarize: async () => {
        const next = results.shift()!;
        if (next instanceof Error) throw next;
        return next as SummaryResult;
      },
    };
    const summarizer = instrumentSummarizer(inner, metrics);
    const req = { engine: 'llm' } as PaperRequest;
    await summarizer.summarize(req);
    await summarizer.summarize(req);
    await expect(summarizer.summarize(req)).rejects.toThrow(/no_text/);
    expect(await value('paperbot_summaries_total{engine="llm",outcome="fresh"}')).toBe(1);
    expect(await value('paperbot_summaries_total{engine="llm",outcome="cached"}')).toBe(1);
    expect(await value('paperbot_summaries_total{engine="llm",outcome="no_text"}')).toBe(1);
  });

  it('counts jobs completed, handed back, thrown and given up, and reads waiting / active at scrape time', async () => {
    const { metrics, value } = measured();
    const queue = instrumentQueue(createInProcessQueue({ limits: { concurrency: 1 } }), metrics);
    const told: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    queue.handle<{ what: string }>('demo', async (job) => {
      if (job.payload.what === 'wait') await gate;
      if (job.payload.what === 'throw') throw new Error('bug');
      if (job.payload.what === 'back') return 'handed-back';
      return 'done';
    });
    queue.onFailure<{ what: string }>('demo', async (job) => void told.push(job.payload.what));
    await queue.start();
    for (const what of ['wait', 'ok', 'throw', 'back']) await queue.enqueue({ kind: 'demo', user: 'u', channel: 'c', payload: { what } });
    const during = await metrics.registry.render();
    expect(during).toContain('paperbot_jobs_active 1\n');
    expect(during).toContain('paperbot_jobs_waiting 3\n');
    release();
    await queue.onIdle();
    expect(await value('paperbot_jobs_completed_total{kind="demo"}')).toBe(2);
    expect(await value('paperbot_jobs_handed_back_total{kind="demo"}')).toBe(1);
    expect(await value('paperbot_job_errors_total{kind="demo"}')).toBe(1);
    expect(await value('paperbot_jobs_failed_total{kind="demo"}')).toBe(1);
    expect(told).toEqual(['throw']);
    expect(await value('paperbot_job_duration_seconds_count{kind="demo"}')).toBe(4);
    const after = await metrics.registry.render();
    expect(after).toContain('paperbot_jobs_active 0\n');
    expect(after).toContain('paperbot_jobs_completed_total{kind="demo"} 2\n');
    await queue.stop(100);
  });

  it('prefers the shared queue stats when the queue has them (one read per scrape), and keeps its other methods', async () => {
    const { metrics } = measured();
    const base = createInProcessQueue();
    let reads = 0;
    let down = false;
    const shared: JobQueue & { close(): Promise<string> } = {
      ...base,
      stats: async () => {
        reads += 1;
        if (down) throw new Error('redis down');
        return { waiting: 7, active: 2, completed: 40, failed: 3 };
      },
      close: async () => 'closed',
    };
    const queue = instrumentQueue(shared, metrics);
    expect(await queue.close()).toBe('closed');
    const text = await metrics.registry.render();
    expect(text).toContain('paperbot_jobs_waiting 7\n');
    expect(text).toContain('paperbot_jobs_active 2\n');
    expect(text).toContain('paperbot_queue_completed_jobs 40\n');
    expect(text).toContain('paperbot_queue_failed_jobs 3\n');
    expect(reads).toBe(1);
    // The store failing leaves the last numbers; the scrape still answers.
    down = true;
    const later = await metrics.registry.render();
    expect(reads).toBe(2);
    expect(later).toContain('paperbot_jobs_waiting 7\n');
    expect(later).toContain('paperbot_queue_failed_jobs 3\n');
  });
});
