/**
 * The real pipeline for tests, built by production's own factory (createPipeline: pdf-parse child processes, openai
 * client behind the model guard, reply checks, keyv) with a fresh memory or SQLite cache.
 */
import { loadConfig } from '../../src/config.ts';
import { noRegistries } from './run-cli.ts';
import type { SummaryCache, TextExtractor } from '../../src/core/ports.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import { createPipeline } from '../../src/services/create-pipeline.ts';
import { createPromRegistry } from '../../src/services/prom-registry.ts';

export interface TestPipeline {
  summarizer: Summarizer;
  extractor: TextExtractor;
  cache: SummaryCache;
  close(): Promise<void>;
}

export interface TestPipelineOptions {
  /** The fake model's base URL; without it, the extractive engine only. */
  baseURL?: string;
  cacheUrl?: string;
  maxRetries?: number;
  /** More configuration, as environment variables (MAX_PAGES, MAX_INPUT_TOKENS, …). */
  env?: Record<string, string>;
}

export function realPipeline(opts: TestPipelineOptions = {}): TestPipeline {
  const config = loadConfig({
    CACHE_URL: opts.cacheUrl ?? 'memory:',
    PARSE_TIMEOUT_S: '30',
    LLM_TIMEOUT_S: '10',
    LLM_MAX_RETRIES: String(opts.maxRetries ?? 2),
    // Tests run many failures against one fake endpoint: the circuit must not open between them.
    LLM_CIRCUIT_FAILURES: '1000',
    // OCR takes seconds a page: only the tests that ask for it (env OCR) get it.
    OCR: 'off',
    ...(opts.baseURL ? { OPENAI_API_KEY: 'sk-test-not-a-real-key', OPENAI_BASE_URL: opts.baseURL, OPENAI_MODEL: 'test-model' } : {}),
    ...noRegistries(opts.env ?? {}),
    ...opts.env,
  });
  return createPipeline(config, { registry: createPromRegistry() });
}
