/**
 * What paperbot measures (every name starts with `paperbot_`), and the decorators that measure it around the core's
 * ports: the model, the PDF extractor, the cache (summary and parsed-paper keys only), the summarizer and the job
 * queue. The chat adapters count feedback (👍 / 👎 votes, Regenerate clicks) themselves through `feedbackVotes` and
 * `regenerateClicks`. `GET /metrics` renders `registry` (given by the caller: src/services/prom-registry.ts).
 */
import { isPaperError } from '../errors.ts';
import type { ChatMessage, Completion, CompleteOptions, ExtractLimits, LanguageModel, OcrRequest, SummaryCache, TextExtractor } from '../ports.ts';
import type { FailureHandler, JobHandler, JobQueue, QueueStats } from '../queue/types.ts';
import type { Summarizer } from '../pipeline/summarizer.ts';
import type { ExtractedPdf, OcrOutcome } from '../types.ts';
import type { HistogramMetric, LabelValues, MetricsRegistry } from './metrics-registry.ts';

/** Seconds: model calls take from under a second to minutes. */
const MODEL_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
/** Seconds: parsing a PDF takes from milliseconds to the parse timeout. */
const PARSE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OCR_BUCKETS = [0.5, 1, 2, 4, 8, 15, 30, 60];
/** Seconds: a whole chat job (download, parse, model calls, posting). */
const JOB_BUCKETS = [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

export type Platform = 'slack' | 'discord';

/** The error code of a failure: a PaperError's code, else `error`. */
export function errorCode(err: unknown): string {
  return isPaperError(err) ? err.code : 'error';
}

/** Starts a stopwatch; calling the result observes the seconds elapsed (with labels known only at the end). */
function startTimer<L extends string>(histogram: HistogramMetric<L>): (labels?: LabelValues<L>) => void {
  const start = performance.now();
  return (labels) => histogram.observe(labels, (performance.now() - start) / 1000);
}

export function createPaperbotMetrics(registry: MetricsRegistry, opts: { version?: string } = {}) {
  const m = {
    registry,
    buildInfo: registry.gauge({ name: 'paperbot_build_info', help: 'Always 1; the version label says which paperbot runs.', labelNames: ['version'] }),
    jobsWaiting: registry.gauge({ name: 'paperbot_jobs_waiting', help: 'Chat jobs accepted and waiting for a slot (read from the job queue at scrape time).' }),
    jobsActive: registry.gauge({ name: 'paperbot_jobs_active', help: 'Chat jobs running now (read from the job queue at scrape time).' }),
    jobsCompleted: registry.counter({ name: 'paperbot_jobs_completed_total', help: 'Chat jobs this process ran to the end (answered or told the error).', labelNames: ['kind'] }),
    jobsHandedBack: registry.counter({ name: 'paperbot_jobs_handed_back_total', help: 'Chat jobs this process handed back at shutdown (kept for the next start or another worker).', labelNames: ['kind'] }),
    jobErrors: registry.counter({ name: 'paperbot_job_errors_total', help: 'Chat job handlers that threw in this process (the queue may try again).', labelNames: ['kind'] }),
    jobsFailed: registry.counter({ name: 'paperbot_jobs_failed_total', help: 'Chat jobs given up for good (kept throwing or kept killing their worker); the user was told.', labelNames: ['kind'] }),
    jobDuration: registry.histogram({ name: 'paperbot_job_duration_seconds', help: 'Time a chat job handler ran, by kind.', labelNames: ['kind'], buckets: JOB_BUCKETS }),
    modelCallDuration: registry.histogram({ name: 'paperbot_model_call_duration_seconds', help: 'Latency of model (chat completions) calls, failed ones included.', buckets: MODEL_BUCKETS }),
    modelCalls: registry.counter({ name: 'paperbot_model_calls_total', help: 'Model calls by outcome (ok or error).', labelNames: ['outcome'] }),
    modelErrors: registry.counter({ name: 'paperbot_model_errors_total', help: 'Failed model calls by error code (llm_failed, rate_limited, timeout, …).', labelNames: ['code'] }),
    modelInputTokens: registry.counter({ name: 'paperbot_model_input_tokens_total', help: 'Prompt tokens sent to the model (as the endpoint reported them).' }),
    modelOutputTokens: registry.counter({ name: 'paperbot_model_output_tokens_total', help: 'Completion tokens received from the model (as the endpoint reported them).' }),
    cacheHits: registry.counter({ name: 'paperbot_cache_hits_total', help: 'Cache reads that found a value, by kind (summary, paper_index).', labelNames: ['kind'] }),
    cacheMisses: registry.counter({ name: 'paperbot_cache_misses_total', help: 'Cache reads that found nothing, by kind (summary, paper_index).', labelNames: ['kind'] }),
    parseDuration: registry.histogram({ name: 'paperbot_parse_duration_seconds', help: 'Time to read the text layer of a PDF, failed reads included.', buckets: PARSE_BUCKETS }),
    parseErrors: registry.counter({ name: 'paperbot_parse_errors_total', help: 'PDFs that could not be read, by error code (not_pdf, encrypted, timeout, …).', labelNames: ['code'] }),
    ocrPageDuration: registry.histogram({ name: 'paperbot_ocr_page_duration_seconds', help: 'Time to render and recognize one page by OCR, by the languages that read it.', labelNames: ['langs'], buckets: OCR_BUCKETS }),
    ocrErrors: registry.counter({ name: 'paperbot_ocr_errors_total', help: 'OCR runs that failed, by error code (too_large, timeout, …).', labelNames: ['code'] }),
    summaries: registry.counter({
      name: 'paperbot_summaries_total',
      help: 'Summaries asked of the summarizer, by engine and outcome (fresh, cached, or the error code).',
      labelNames: ['engine', 'outcome'],
    }),
    feedbackVotes: registry.counter({ name: 'paperbot_feedback_votes_total', help: 'Feedback votes on summaries, by platform and vote (up, down).', labelNames: ['platform', 'vote'] }),
    regenerateClicks: registry.counter({ name: 'paperbot_regenerate_clicks_total', help: 'Regenerate button clicks under summaries, by platform.', labelNames: ['platform'] }),
  };
  if (opts.version) m.buildInfo.set({ version: opts.version }, 1);
  return m;
}

export type PaperbotMetrics = ReturnType<typeof createPaperbotMetrics>;

/** Times every call and counts tokens and errors; wrap the endpoint itself so that only real calls are timed. */
export function instrumentModel<M extends LanguageModel>(model: M, metrics: PaperbotMetrics): LanguageModel {
  return {
    get name() {
      return model.name;
    },
    async complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion> {
      const done = startTimer(metrics.modelCallDuration);
      try {
        const c = await model.complete(messages, options);
        done();
        metrics.modelCalls.inc({ outcome: 'ok' });
        metrics.modelInputTokens.inc(undefined, Math.max(0, c.inputTokens || 0));
        metrics.modelOutputTokens.inc(undefined, Math.max(0, c.outputTokens || 0));
        return c;
      } catch (err) {
        done();
        metrics.modelCalls.inc({ outcome: 'error' });
        metrics.modelErrors.inc({ code: errorCode(err) });
        throw err;
      }
    },
  };
}

export function instrumentExtractor(extractor: TextExtractor, metrics: PaperbotMetrics): TextExtractor {
  return {
    async extract(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedPdf> {
      const done = startTimer(metrics.parseDuration);
      try {
        return await extractor.extract(bytes, limits);
      } catch (err) {
        metrics.parseErrors.inc({ code: errorCode(err) });
        throw err;
      } finally {
        done();
      }
    },
    ...(extractor.recognize && {
      recognize: async (bytes: Uint8Array, request: OcrRequest, onPage?: (page: number, index: number) => void): Promise<OcrOutcome> => {
        try {
          const out = await extractor.recognize!(bytes, request, onPage);
          for (const p of out.pages) metrics.ocrPageDuration.observe({ langs: p.langs }, p.ms / 1000);
          return out;
        } catch (err) {
          metrics.ocrErrors.inc({ code: errorCode(err) });
          throw err;
        }
      },
    }),
    ...(extractor.warm ? { warm: () => extractor.warm!() } : {}),
    ...(extractor.close ? { close: () => extractor.close!() } : {}),
  };
}

/** The cache keys worth a hit ratio: summaries (summaryCacheKey) and parsed papers for questions (paperIndexKey). */
export function cacheKind(key: string): 'summary' | 'paper_index' | null {
  if (key.startsWith('summary:')) return 'summary';
  if (key.startsWith('paper-index:')) return 'paper_index';
  return null;
}

/** Counts hits and misses of summary and parsed-paper reads; every other key (claims, feedback, history) passes uncounted. */
export function instrumentCache(cache: SummaryCache, metrics: PaperbotMetrics): SummaryCache {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const value = await cache.get<T>(key);
      const kind = cacheKind(key);
      if (kind) (value === undefined ? metrics.cacheMisses : metrics.cacheHits).inc({ kind });
      return value;
    },
    set: <T>(key: string, value: T) => cache.set(key, value),
    ...(cache.close ? { close: () => cache.close!() } : {}),
  };
}

/** Counts summaries by outcome: fresh, cached, or the error code. */
export function instrumentSummarizer(summarizer: Summarizer, metrics: PaperbotMetrics): Summarizer {
  return {
    async summarize(req, onProgress) {
      try {
        const result = await summarizer.summarize(req, onProgress);
        metrics.summaries.inc({ engine: req.engine, outcome: result.cached ? 'cached' : 'fresh' });
        return result;
      } catch (err) {
        metrics.summaries.inc({ engine: req.engine, outcome: errorCode(err) });
        throw err;
      }
    },
  };
}

/**
 * Counts what the job handlers registered through it did (completed, handed back, threw; how long) and the jobs given
 * up for good, and reads waiting / active from the queue at scrape time. Everything else passes through unchanged.
 */
export function instrumentQueue<Q extends JobQueue>(queue: Q, metrics: PaperbotMetrics): Q {
  // Every gauge collects on its own, concurrently: one read of the queue serves the gauges of one scrape.
  const read = sharedRead(async (): Promise<QueueStats> => {
    if (queue.stats) return queue.stats();
    const c = queue.counts();
    return { waiting: c.pending, active: c.active, completed: 0, failed: 0 };
  });
  metrics.jobsWaiting.collect(async () => (await read()).waiting);
  metrics.jobsActive.collect(async () => (await read()).active);
  // A shared queue (BullMQ) says the numbers of every process; the others say this process's.
  if (queue.stats) {
    const { registry } = metrics;
    registry.gauge({ name: 'paperbot_queue_completed_jobs', help: 'Finished jobs the shared queue still keeps (BullMQ, all processes).' }).collect(async () => (await read()).completed);
    registry.gauge({ name: 'paperbot_queue_failed_jobs', help: 'Failed jobs the shared queue still keeps (BullMQ, all processes).' }).collect(async () => (await read()).failed);
  }
  const wrapped: JobQueue = {
    handle<P>(kind: string, handler: JobHandler<P>) {
      queue.handle<P>(kind, async (job, ctx) => {
        const done = startTimer(metrics.jobDuration);
        try {
          const outcome = await handler(job, ctx);
          (outcome === 'handed-back' ? metrics.jobsHandedBack : metrics.jobsCompleted).inc({ kind });
          return outcome;
        } catch (err) {
          metrics.jobErrors.inc({ kind });
          throw err;
        } finally {
          done({ kind });
        }
      });
    },
    onFailure<P>(kind: string, notify: FailureHandler<P>) {
      queue.onFailure<P>(kind, async (job, reason) => {
        metrics.jobsFailed.inc({ kind });
        await notify(job, reason);
      });
    },
    enqueue: (job) => queue.enqueue(job),
    start: () => queue.start(),
    stop: (timeoutMs) => queue.stop(timeoutMs),
    onIdle: () => queue.onIdle(),
    counts: () => queue.counts(),
  };
  // Keep whatever else the queue offers (BullMQ's close()).
  return Object.assign(Object.create(queue) as Q, wrapped);
}

/** Calls made while a read is under way share it; the next call after it settles reads afresh. */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= read().finally(() => {
      pending = undefined;
    }));
}
