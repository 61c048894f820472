/** The real pipeline (pdf-parse worker, openai client, keyv) wired for tests, with a fresh memory or SQLite cache. */
import { createSummarizer, type Summarizer, type SummarizerLimits } from '../../src/core/summarizer.ts';
import type { SummaryCache, TextExtractor } from '../../src/core/ports.ts';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';
import { createOpenAiModel } from '../../src/services/openai-model.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { loadPrompts } from '../../src/services/prompt-files.ts';
import { createTokenizer } from '../../src/services/tokenizer.ts';
import { VERSION } from '../../src/version.ts';

export interface TestPipeline {
  summarizer: Summarizer;
  extractor: TextExtractor;
  cache: SummaryCache;
  close(): Promise<void>;
}

export function realPipeline(opts: { baseURL?: string; cacheUrl?: string; limits?: Partial<SummarizerLimits>; maxRetries?: number } = {}): TestPipeline {
  const extractor = createPdfExtractor({ timeoutMs: 30_000 });
  const cache = createKeyvCache({ url: opts.cacheUrl ?? 'memory:' });
  const model = opts.baseURL
    ? createOpenAiModel({ apiKey: 'sk-test-not-a-real-key', baseURL: opts.baseURL, model: 'test-model', timeoutMs: 10_000, maxRetries: opts.maxRetries ?? 2 })
    : null;
  const summarizer = createSummarizer(
    { extractor, model, cache, prompts: loadPrompts(), tokenizer: createTokenizer(), codeVersion: VERSION },
    { maxPdfBytes: 25 * 1024 * 1024, maxPages: 300, maxInputTokens: 8000, ...opts.limits },
  );
  return {
    summarizer,
    extractor,
    cache,
    close: async () => {
      await extractor.close?.();
      await cache.close?.();
    },
  };
}
