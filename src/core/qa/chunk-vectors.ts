/**
 * Embeddings of a paper's passages for retrieval (EMBEDDINGS_MODEL): computed on the first question about a paper, in
 * batches, and kept in the summary cache next to the paper's passages, so later questions embed only the question.
 * Any failure gives null: retrieval then stays with BM25 alone (the answer is still grounded, just less clever).
 */
import type { Embedder, SummaryCache } from '../ports.ts';
import type { PaperIndex } from './types.ts';

export interface ChunkVectors {
  /** One vector per chunk of the paper, or null when embeddings are unavailable. */
  forPaper(index: PaperIndex): Promise<number[][] | null>;
  forQuestion(question: string): Promise<number[] | null>;
  /** Cosine below which the best passage does not count as answering (BM25's term coverage is the other way in). */
  readonly minSimilarity: number;
}

export interface ChunkVectorsOptions {
  embedder: Embedder;
  cache: SummaryCache | undefined;
  minSimilarity: number;
  /** Texts per embeddings request. */
  batch?: number;
  onError?: (err: unknown) => void;
}

export const chunkVectorsKey = (model: string, index: PaperIndex) => `paper-vectors:${model}:${index.sha256}:${index.chunks.length}`;

export function createChunkVectors(opts: ChunkVectorsOptions): ChunkVectors {
  const batch = opts.batch ?? 64;
  const failed = (err: unknown) => {
    opts.onError?.(err);
    return null;
  };
  return {
    minSimilarity: opts.minSimilarity,
    async forPaper(index) {
      const key = chunkVectorsKey(opts.embedder.model, index);
      const kept = await opts.cache?.get<number[][]>(key);
      if (kept && kept.length === index.chunks.length) return kept;
      try {
        const out: number[][] = [];
        for (let i = 0; i < index.chunks.length; i += batch) {
          const texts = index.chunks.slice(i, i + batch).map((c) => c.text);
          const vectors = await opts.embedder.embed(texts);
          if (vectors.length !== texts.length) throw new Error(`the embeddings endpoint returned ${vectors.length} vectors for ${texts.length} texts`);
          out.push(...vectors);
        }
        // Only a complete set is kept (nothing half-made is cached).
        await opts.cache?.set(key, out);
        return out;
      } catch (err) {
        return failed(err);
      }
    },
    async forQuestion(question) {
      try {
        const [v] = await opts.embedder.embed([question]);
        return v ?? null;
      } catch (err) {
        return failed(err);
      }
    },
  };
}
