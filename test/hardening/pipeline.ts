/**
 * The real pipeline (pdf-parse worker pool, extractive engine, memory cache) with tight extractor limits
 * for hostile inputs, plus a cache that counts writes so tests can see that failures store nothing.
 */
import type { ErrorCode } from '../../src/core/errors.ts';
import { loadConfig } from '../../src/config.ts';
import type { SummaryCache, TextExtractor } from '../../src/core/ports.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import { createPipeline } from '../../src/services/create-pipeline.ts';
import { createDiscardingRegistry } from '../../src/core/metrics/metrics-registry.ts';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';
import type { PdfExtractorOptions } from '../../src/services/pdf-extractor.ts';

/** Every code ../shared/CONTRACT.md allows for a failed input. */
export const CONTRACT_CODES: readonly ErrorCode[] = [
  'not_pdf', 'encrypted', 'no_text', 'too_large', 'too_many_pages', 'timeout', 'download_failed', 'url_refused', 'llm_failed', 'rate_limited',
];

export interface HardeningPipeline {
  summarizer: Summarizer;
  extractor: TextExtractor;
  /** Number of cache writes so far. */
  writes(): number;
  close(): Promise<void>;
}

export function hardeningPipeline(extractorOptions: Partial<PdfExtractorOptions>, maxPages: number): HardeningPipeline {
  const inner = createKeyvCache({ url: 'memory:' });
  let writes = 0;
  const cache: SummaryCache = {
    get: (key) => inner.get(key),
    set: async (key, value) => {
      writes++;
      await inner.set(key, value);
    },
  };
  // Production's factory, with the tight parser limits and the counting cache. OCR off: these inputs are about the
  // parser, and OCR of a broken page costs seconds each (hostile input with OCR on: test/e2e/ocr.test.ts).
  const pipeline = createPipeline(loadConfig({ MAX_PAGES: String(maxPages), OCR: 'off' }), { registry: createDiscardingRegistry(), cache, extractor: extractorOptions });
  return {
    summarizer: pipeline.summarizer,
    extractor: pipeline.extractor,
    writes: () => writes,
    close: async () => {
      await pipeline.close();
      await inner.close?.();
    },
  };
}

/** Plain words: no stack frames, no "Error:" prefix, no file paths or internal names. */
export function looksPlain(message: string): boolean {
  return message.length > 10 && !/\bat\s+\S+\s+\(|^\w*Error:|\/work\/|node_modules|\.m?[jt]s\b|Exception|undefined|\[object/.test(message);
}
