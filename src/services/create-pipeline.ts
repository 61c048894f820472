/**
 * The summary pipeline exactly as every command builds it: PDF parser, model endpoint behind the shared guard,
 * cache, and the summarizer over them, all measured. `createServices` adds the chat side (queue, claims, fetcher);
 * tests build their pipeline here too, so they run what users run.
 */
import { modelConfigured, type Config } from '../config.ts';
import { createGuardedModel } from '../core/model/guarded-model.ts';
import { createSummarizer, type Summarizer } from '../core/pipeline/summarizer.ts';
import type { ClaimStore, LanguageModel, SummaryCache, TextExtractor } from '../core/ports.ts';
import { createPaperbotMetrics, instrumentCache, instrumentExtractor, instrumentModel, instrumentSummarizer, type PaperbotMetrics } from '../core/metrics/paperbot-metrics.ts';
import { createKeyvCache } from './keyv-cache.ts';
import type { OpenAiModelOptions } from './openai-model.ts';
import { createPdfExtractor, type PdfExtractorOptions } from './pdf-extractor.ts';
import { createPaperRegistry } from './paper-registry.ts';
import { loadPrompts } from './prompt-files.ts';
import type { MetricsRegistry } from '../core/metrics/metrics-registry.ts';
import type { SharedSemaphore } from './redis-semaphore.ts';
import { withSharedLimit } from './shared-model-limit.ts';
import { createTokenizer } from './tokenizer.ts';
import { VERSION } from '../version.ts';

/** Local servers (Ollama, vLLM, llama.cpp) need no key, but the openai client insists on one: it is sent and ignored. */
const NO_KEY = 'no-key-needed';

export interface Pipeline {
  summarizer: Summarizer;
  extractor: TextExtractor;
  /** The guarded model endpoint; null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set (extractive only). */
  model: LanguageModel | null;
  cache: SummaryCache;
  maxPdfBytes: number;
  metrics: PaperbotMetrics;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Replace CACHE_URL (e.g. memory: for --no-cache). */
  cacheUrl?: string;
  /** Replace the cache itself (tests that count writes). */
  cache?: SummaryCache;
  /** Tighter parser limits than the configuration's (hostile-input tests). */
  extractor?: Partial<PdfExtractorOptions>;
  /** Where the pipeline is measured: prom-client's for `serve` and `worker` (GET /metrics), a discarding one for the CLI. */
  registry: MetricsRegistry;
  /** An extractor started earlier (the command line starts its parser before anything else). */
  textExtractor?: TextExtractor;
  /** Scaled mode: the model's concurrency counted across processes. */
  semaphore?: SharedSemaphore | null;
  /** Where arXiv's one-request-per-3-s turns are claimed (scaled mode: Redis, shared by every process); default memory. */
  claims?: ClaimStore | undefined;
  onWarning?: (message: string) => void;
}

/** The OpenAI-compatible endpoint settings (also used for embeddings). */
export function endpointOptions(config: Config): { apiKey: string; baseURL?: string; timeoutMs: number; maxRetries: number } {
  return {
    apiKey: config.OPENAI_API_KEY ?? NO_KEY,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    timeoutMs: config.LLM_TIMEOUT_S * 1000,
    maxRetries: config.LLM_MAX_RETRIES,
  };
}

/** STREAMING, and the tokenizer that counts a streamed answer's tokens when the endpoint reports no usage. */
function streamingOptions(config: Config): Pick<OpenAiModelOptions, 'streaming' | 'countTokens'> {
  const tokenizer = createTokenizer(); // loads its tables on first use only
  return { streaming: config.STREAMING === 'on', countTokens: (text) => tokenizer.count(text) };
}

/** The openai client is loaded with the first call: the extractive engine, --help and cached answers never need it. */
function lazyOpenAiModel(options: OpenAiModelOptions): LanguageModel {
  let model: Promise<LanguageModel> | undefined;
  return {
    name: options.model,
    complete: async (messages, opts) => (await (model ??= import('./openai-model.ts').then((m) => m.createOpenAiModel(options)))).complete(messages, opts),
  };
}

export function createPipeline(config: Config, options: PipelineOptions): Pipeline {
  const maxPdfBytes = config.MAX_PDF_MB * 1024 * 1024;
  const metrics = createPaperbotMetrics(options.registry, { version: VERSION });
  const extractor = instrumentExtractor(options.textExtractor ?? createPdfExtractor({ timeoutMs: config.PARSE_TIMEOUT_S * 1000, maxResidentMb: config.PARSE_MAX_MEMORY_MB, ocrLangs: config.OCR === 'off' ? [] : config.OCR_LANGS, ...options.extractor }), metrics);
  // Measured where the calls really go out (inside the shared limit and the guard). One guard per process and model:
  // the concurrency limit and the circuit are shared by every chat and command.
  const measured = modelConfigured(config) ? instrumentModel(lazyOpenAiModel({ ...endpointOptions(config), model: config.OPENAI_MODEL, ...streamingOptions(config) }), metrics) : null;
  const model = measured
    ? createGuardedModel(options.semaphore ? withSharedLimit(measured, options.semaphore, config.MODEL_CONCURRENCY) : measured, {
        concurrency: config.MODEL_CONCURRENCY,
        failureThreshold: config.LLM_CIRCUIT_FAILURES,
        cooldownMs: config.LLM_CIRCUIT_COOLDOWN_S * 1000,
      })
    : null;
  const store = options.cache ?? createKeyvCache({ url: options.cacheUrl ?? config.CACHE_URL, ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
  const cache = instrumentCache(store, metrics);
  // Registry answers share the store but not the summary cache's hit/miss counts. Null with REGISTRY_LOOKUP=off.
  const registry = createPaperRegistry(config, { cache: store, claims: options.claims, onWarning: options.onWarning });
  const summarizer = instrumentSummarizer(
    createSummarizer(
      { extractor, model, cache, prompts: loadPrompts(), tokenizer: createTokenizer(), codeVersion: VERSION, ...(registry ? { registry } : {}) },
      { maxPdfBytes, maxPages: config.MAX_PAGES, maxInputTokens: config.MAX_INPUT_TOKENS, ocr: { mode: config.OCR, maxPages: config.OCR_MAX_PAGES, timeoutMs: config.OCR_TIMEOUT_S * 1000 } },
    ),
    metrics,
  );
  return {
    summarizer,
    extractor,
    model,
    cache,
    maxPdfBytes,
    metrics,
    async close() {
      await Promise.allSettled([extractor.close?.(), cache.close?.()]);
    },
  };
}
