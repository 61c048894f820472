/** Builds the real implementations of the core's interfaces from a validated config. */
import type { Config } from '../config.ts';
import { createGuardedModel } from '../core/guarded-model.ts';
import { withReplyChecks } from '../core/reply-checks.ts';
import { createSummarizer, type Summarizer } from '../core/summarizer.ts';
import type { ClaimStore, Fetcher, LanguageModel, SummaryCache, TextExtractor } from '../core/ports.ts';
import { createGuardedFetcher } from './guarded-fetch.ts';
import { createKeyvCache } from './keyv-cache.ts';
import { createKeyvClaims } from './keyv-claims.ts';
import { createKeyvJobStore } from './keyv-jobs.ts';
import { createInProcessQueue, type JobQueue } from '../core/queue/index.ts';
import { createBullmqQueue } from './bullmq-queue.ts';
import { createRedisClaims } from './redis-claims.ts';
import { closeRedis, openRedis } from './redis-connection.ts';
import { createSharedSemaphore } from './redis-semaphore.ts';
import { withSharedLimit } from './shared-model-limit.ts';
import { createOpenAiModel } from './openai-model.ts';
import { createOpenAiEmbedder } from './openai-embedder.ts';
import { createChunkVectors, type ChunkVectors } from '../core/qa/chunk-vectors.ts';
import { createPdfExtractor } from './pdf-extractor.ts';
import { loadPrompts } from './prompt-files.ts';
import { createTokenizer } from './tokenizer.ts';
import { VERSION } from '../version.ts';
import { createPaperbotMetrics, instrumentCache, instrumentExtractor, instrumentModel, instrumentQueue, instrumentSummarizer, type PaperbotMetrics } from '../core/metrics/paperbot-metrics.ts';

export interface Services {
  summarizer: Summarizer;
  /** Passage embeddings for questions (EMBEDDINGS_MODEL with a model endpoint), else null: BM25 alone. */
  vectors: ChunkVectors | null;
  extractor: TextExtractor;
  model: LanguageModel | null;
  cache: SummaryCache;
  /** Exactly-once claims and "first seen here" records, in their own namespace of the cache's store. */
  claims: ClaimStore;
  /** The chat adapters' job queue: in-process (limits from JOB_CONCURRENCY*), or BullMQ on REDIS_URL (scaled mode). */
  queue: JobQueue;
  fetcher: Fetcher;
  maxPdfBytes: number;
  /** This process's metrics (GET /metrics); the model, extractor, cache, summarizer and queue above are measured into it. */
  metrics: PaperbotMetrics;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  /** Replace the cache (e.g. memory when --no-cache). */
  cacheUrl?: string;
  onWarning?: (message: string) => void;
  /** Scaled mode (REDIS_URL): whether this process runs queued jobs; default WORKER_IN_SERVE (`worker` passes true). */
  processJobs?: boolean;
}

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const maxPdfBytes = config.MAX_PDF_MB * 1024 * 1024;
  const metrics = createPaperbotMetrics({ version: VERSION });
  const extractor = instrumentExtractor(createPdfExtractor({ timeoutMs: config.PARSE_TIMEOUT_S * 1000 }), metrics);
  // One guard per process and model: the concurrency limit and the circuit are shared by every chat and command
  // (the summarizer's view adds the summary answer checks: empty, refusal, run-away).
  // Scaled mode: the model's and the per-user / per-channel limits are counted in Redis, across every process.
  // One command connection for the claims and the limits (BullMQ opens its own, blocking ones included).
  const redis = config.REDIS_URL ? openRedis(config.REDIS_URL) : null;
  let redisWarned = false;
  redis?.on('error', (err: Error) => {
    if (!redisWarned) overrides.onWarning?.(`Redis connection: ${err.message}`);
    redisWarned = true;
  });
  const semaphore =
    config.REDIS_URL && redis
      ? createSharedSemaphore({ url: config.REDIS_URL, redis, prefix: `${config.REDIS_PREFIX}:limits:`, ...(overrides.onWarning ? { onWarning: overrides.onWarning } : {}) })
      : null;
  const endpoint = config.OPENAI_API_KEY
    ? createOpenAiModel({
        apiKey: config.OPENAI_API_KEY,
        ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
        model: config.OPENAI_MODEL,
        timeoutMs: config.LLM_TIMEOUT_S * 1000,
        maxRetries: config.LLM_MAX_RETRIES,
      })
    : null;
  // Measured where the calls really go out (inside the shared limit and the guard).
  const measured = endpoint && instrumentModel(endpoint, metrics);
  const model = measured
    ? createGuardedModel(
        semaphore ? withSharedLimit(measured, semaphore, config.MODEL_CONCURRENCY) : measured,
        {
          concurrency: config.MODEL_CONCURRENCY,
          failureThreshold: config.LLM_CIRCUIT_FAILURES,
          cooldownMs: config.LLM_CIRCUIT_COOLDOWN_S * 1000,
        },
      )
    : null;
  const cache = instrumentCache(createKeyvCache({ url: overrides.cacheUrl ?? config.CACHE_URL, ...(overrides.onWarning ? { onWarning: overrides.onWarning } : {}) }), metrics);
  const warn = overrides.onWarning ? { onWarning: overrides.onWarning } : {};
  const log = overrides.onWarning ? { log: { warn: overrides.onWarning, error: overrides.onWarning } } : {};
  // Scaled mode: claims and jobs live in Redis, shared by every process; otherwise in the cache's own store.
  const claims =
    config.REDIS_URL && redis
      ? createRedisClaims({ url: config.REDIS_URL, redis, prefix: `${config.REDIS_PREFIX}:claims:`, ...warn })
      : createKeyvClaims({ url: overrides.cacheUrl ?? config.CACHE_URL, ...warn });
  // Unfinished chat jobs of the in-process queue; BullMQ keeps its own in Redis.
  const jobs = config.REDIS_URL ? null : createKeyvJobStore({ url: overrides.cacheUrl ?? config.CACHE_URL, ...warn });
  const bullmq = config.REDIS_URL
    ? createBullmqQueue({
        url: config.REDIS_URL,
        prefix: config.REDIS_PREFIX,
        process: overrides.processJobs ?? config.WORKER_IN_SERVE,
        concurrency: config.JOB_CONCURRENCY,
        lockMs: config.QUEUE_LOCK_MS,
        stalledIntervalMs: config.QUEUE_STALLED_INTERVAL_MS,
        maxStalledCount: config.QUEUE_MAX_STALLED,
        attempts: config.QUEUE_ATTEMPTS,
        ...(semaphore ? { limits: { perUser: config.JOB_CONCURRENCY_PER_USER, perChannel: config.JOB_CONCURRENCY_PER_CHANNEL, semaphore } } : {}),
        ...log,
      })
    : null;
  const rawQueue: JobQueue =
    bullmq ??
    createInProcessQueue({
      ...(jobs ? { store: jobs } : {}),
      limits: { concurrency: config.JOB_CONCURRENCY, perUser: config.JOB_CONCURRENCY_PER_USER, perChannel: config.JOB_CONCURRENCY_PER_CHANNEL },
      ...log,
    });
  const queue = instrumentQueue(rawQueue, metrics);
  const fetcher = createGuardedFetcher({ maxBytes: maxPdfBytes, timeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000 });
  const summarizer = instrumentSummarizer(
    createSummarizer(
      { extractor, model: model && withReplyChecks(model), cache, prompts: loadPrompts(), tokenizer: createTokenizer(), codeVersion: VERSION },
      { maxPdfBytes, maxPages: config.MAX_PAGES, maxInputTokens: config.MAX_INPUT_TOKENS },
    ),
    metrics,
  );
  const vectors =
    config.OPENAI_API_KEY && config.EMBEDDINGS_MODEL
      ? createChunkVectors({
          embedder: createOpenAiEmbedder({
            apiKey: config.OPENAI_API_KEY,
            ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
            model: config.EMBEDDINGS_MODEL,
            timeoutMs: config.LLM_TIMEOUT_S * 1000,
            maxRetries: config.LLM_MAX_RETRIES,
          }),
          cache,
          minSimilarity: config.EMBEDDINGS_MIN_SIMILARITY,
          ...(overrides.onWarning ? { onError: (err: unknown) => overrides.onWarning!(`embeddings unavailable, answering with BM25 retrieval only: ${(err as Error)?.message ?? String(err)}`) } : {}),
        })
      : null;
  return {
    summarizer,
    vectors,
    extractor,
    model,
    cache,
    claims,
    queue,
    fetcher,
    maxPdfBytes,
    metrics,
    async close() {
      await Promise.allSettled([extractor.close?.(), cache.close?.(), claims.close?.(), jobs?.close?.(), bullmq?.close(), semaphore?.close()]);
      if (redis) await closeRedis(redis);
    },
  };
}
