/** Builds the real implementations of the core's interfaces from a validated config. */
import type { Config } from '../config.ts';
import type { Summarizer } from '../core/pipeline/summarizer.ts';
import type { ClaimStore, Fetcher, LanguageModel, SummaryCache, TextExtractor } from '../core/ports.ts';
import type { Engine } from '../core/types.ts';
import { createPipeline, endpointOptions } from './create-pipeline.ts';
import { createPromRegistry } from './prom-registry.ts';
import { createGuardedFetcher } from './guarded-fetch.ts';
import { allowedHostOf } from './trusted-hosts.ts';
import { createKeyvClaims } from './keyv-claims.ts';
import { createKeyvJobStore } from './keyv-jobs.ts';
import { createInProcessQueue, type JobQueue, type QueueLog } from '../core/queue/index.ts';
import { createBullmqQueue } from './bullmq-queue.ts';
import { createRedisClaims } from './redis-claims.ts';
import { closeRedis, openRedis } from './redis-connection.ts';
import { createSharedSemaphore } from './redis-semaphore.ts';
import { createOpenAiEmbedder } from './openai-embedder.ts';
import { createChunkVectors, type ChunkVectors } from '../core/qa/chunk-vectors.ts';
import { instrumentQueue, type PaperbotMetrics } from '../core/metrics/paperbot-metrics.ts';
import { createQuota, type Quota } from '../core/quota/index.ts';
import { createKeyvQuotaCounter } from './keyv-quota.ts';
import { createRedisQuotaCounter } from './redis-quota.ts';

export interface Services {
  summarizer: Summarizer;
  /** Passage embeddings for questions (EMBEDDINGS_MODEL with a model endpoint), else null: BM25 alone. */
  vectors: ChunkVectors | null;
  extractor: TextExtractor;
  model: LanguageModel | null;
  /** What summaries use when nobody asks for an engine: llm when a model endpoint is configured (key or base URL). */
  engine: Engine;
  cache: SummaryCache;
  /** Exactly-once claims and "first seen here" records, in their own namespace of the cache's store. */
  claims: ClaimStore;
  /** The chat adapters' job queue: in-process (limits from JOB_CONCURRENCY*), or BullMQ on REDIS_URL (scaled mode). */
  queue: JobQueue;
  /**
   * The chat's spending caps (USER_QUOTA_PER_HOUR, WORKSPACE_QUOTA_PER_DAY), counted in Redis in scaled mode, else in
   * the cache's store; the adapters charge it right before a model call. The CLI never uses it.
   */
  quota: Quota;
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
  /** The job queue's log (a failed job is an error); default: both levels through onWarning. */
  log?: QueueLog;
  /** Scaled mode (REDIS_URL): whether this process runs queued jobs; default WORKER_IN_SERVE (`worker` passes true). */
  processJobs?: boolean;
}

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const warn = overrides.onWarning ? { onWarning: overrides.onWarning } : {};
  const queueLog = overrides.log ?? (overrides.onWarning ? { warn: overrides.onWarning, error: overrides.onWarning } : null);
  const log = queueLog ? { log: queueLog } : {};
  // Scaled mode: the model's and the per-user / per-channel limits are counted in Redis, across every process.
  // One command connection for the claims and the limits (BullMQ opens its own, blocking ones included).
  const redis = config.REDIS_URL ? openRedis(config.REDIS_URL) : null;
  let redisWarned = false;
  redis?.on('error', (err: Error) => {
    if (!redisWarned) overrides.onWarning?.(`Redis connection: ${err.message}`);
    redisWarned = true;
  });
  const semaphore = config.REDIS_URL && redis ? createSharedSemaphore({ url: config.REDIS_URL, redis, prefix: `${config.REDIS_PREFIX}:limits:`, ...warn }) : null;
  // Scaled mode: claims and jobs live in Redis, shared by every process; otherwise in the cache's own store.
  const claims =
    config.REDIS_URL && redis
      ? createRedisClaims({ url: config.REDIS_URL, redis, prefix: `${config.REDIS_PREFIX}:claims:`, ...warn })
      : createKeyvClaims({ url: overrides.cacheUrl ?? config.CACHE_URL, ...warn });
  // The claims also pace arXiv lookups (one request per 3 s across every process).
  const pipeline = createPipeline(config, { registry: createPromRegistry(), semaphore, claims, ...(overrides.cacheUrl ? { cacheUrl: overrides.cacheUrl } : {}), ...warn });
  const { metrics, cache, maxPdfBytes } = pipeline;
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
        maxWaiting: config.MAX_WAITING_JOBS,
        addTimeoutMs: config.QUEUE_ADD_TIMEOUT_S * 1000,
        ...(semaphore ? { limits: { perUser: config.JOB_CONCURRENCY_PER_USER, perChannel: config.JOB_CONCURRENCY_PER_CHANNEL, semaphore } } : {}),
        ...log,
      })
    : null;
  const rawQueue: JobQueue =
    bullmq ??
    createInProcessQueue({
      ...(jobs ? { store: jobs } : {}),
      limits: { concurrency: config.JOB_CONCURRENCY, perUser: config.JOB_CONCURRENCY_PER_USER, perChannel: config.JOB_CONCURRENCY_PER_CHANNEL },
      maxWaiting: config.MAX_WAITING_JOBS,
      ...log,
    });
  const queue = instrumentQueue(rawQueue, metrics);
  // Counters open their store on first use: a command that never charges (the CLI) never opens it.
  const quotaCounter =
    config.REDIS_URL && redis
      ? createRedisQuotaCounter({ redis, prefix: `${config.REDIS_PREFIX}:quota:`, ...warn })
      : createKeyvQuotaCounter({ url: overrides.cacheUrl ?? config.CACHE_URL, ...warn });
  const quota = createQuota(quotaCounter, { userPerHour: config.USER_QUOTA_PER_HOUR, workspacePerDay: config.WORKSPACE_QUOTA_PER_DAY });
  // ARXIV_PDF_URL is operator-trusted like FETCH_ALLOW_HOSTS (it may be a mirror on a private host).
  const allowHosts = [...config.FETCH_ALLOW_HOSTS, ...(config.ARXIV_PDF_URL ? [allowedHostOf(config.ARXIV_PDF_URL)] : [])];
  const fetcher = createGuardedFetcher({ maxBytes: maxPdfBytes, timeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000, allowHosts });
  const vectors =
    pipeline.model && config.EMBEDDINGS_MODEL
      ? createChunkVectors({
          embedder: createOpenAiEmbedder({ ...endpointOptions(config), model: config.EMBEDDINGS_MODEL }),
          cache,
          minSimilarity: config.EMBEDDINGS_MIN_SIMILARITY,
          ...(overrides.onWarning ? { onError: (err: unknown) => overrides.onWarning!(`embeddings unavailable, answering with BM25 retrieval only: ${(err as Error)?.message ?? String(err)}`) } : {}),
        })
      : null;
  return {
    summarizer: pipeline.summarizer,
    vectors,
    extractor: pipeline.extractor,
    model: pipeline.model,
    engine: pipeline.model ? 'llm' : 'extractive',
    cache,
    claims,
    queue,
    quota,
    fetcher,
    maxPdfBytes,
    metrics,
    async close() {
      await Promise.allSettled([pipeline.close(), claims.close?.(), jobs?.close?.(), bullmq?.close(), semaphore?.close(), quotaCounter.close?.()]);
      if (redis) await closeRedis(redis);
    },
  };
}
