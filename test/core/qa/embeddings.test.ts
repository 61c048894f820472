/**
 * Retrieval with embeddings (EMBEDDINGS_MODEL): the real openai client against the local fake endpoint, whose vectors
 * are bags of content words where a word and its mirror image mean the same (a stand-in for synonyms that BM25 cannot
 * see). A question in the "other words" finds its passage only with embeddings; nonsense is still not found; vectors
 * are computed once per paper, in batches, and a failing endpoint leaves BM25 answering with nothing cached.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type QaPrompts } from '../../../src/core/qa/answer-question.ts';
import { chunkPaper } from '../../../src/core/qa/chunk-paper.ts';
import { chunkVectorsKey, createChunkVectors } from '../../../src/core/qa/chunk-vectors.ts';
import { cosine, fuseRankings } from '../../../src/core/qa/dense.ts';
import type { PaperIndex } from '../../../src/core/qa/types.ts';
import type { LanguageModel } from '../../../src/core/ports.ts';
import type { PaperStructure } from '../../../src/core/types.ts';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import { createKeyvCache } from '../../../src/services/keyv-cache.ts';
import { createOpenAiEmbedder } from '../../../src/services/openai-embedder.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { hashedBagOfWords, startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';

const prompts: QaPrompts = { system: 'system', answer: { en: 'answer in English', zh: '用中文回答' } };
const mirror = (w: string) => [...w].reverse().join('');
const NONSENSE = 'How many giraffes did the zookeepers feed on Tuesday afternoon?';
const squash = (s: string) => s.replace(/\s+/g, '');

/** Answers by quoting the first excerpt with its page, as a good model does. */
const quoting: LanguageModel = {
  name: 'quoting',
  async complete(messages) {
    const m = /\[p\. (\d+)\] ([^\n]+)/.exec(messages[1]!.content)!;
    return { text: `${m[2]!.slice(0, 120)} [p. ${m[1]}]`, finishReason: 'stop', inputTokens: 1, outputTokens: 1 };
  },
};

let fake: FakeOpenAi;
let structure: PaperStructure;
let index: PaperIndex;
const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1 });

beforeAll(async () => {
  fake = await startFakeOpenAi();
  fake.embed = (text) => hashedBagOfWords(text, (w) => (mirror(w) < w ? mirror(w) : w));
  structure = analyzePaper(await extractor.extract(readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url)), { maxPages: 300 }));
  index = { sha256: 'sample', title: structure.title, language: structure.language, chunks: chunkPaper(structure) };
});
afterAll(async () => {
  await fake?.close();
  await extractor.close?.();
});

function vectorsWith(opts: { batch?: number; errors?: unknown[] } = {}) {
  const cache = createKeyvCache({ url: 'memory:' });
  const embedder = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'embed-test', timeoutMs: 5000, maxRetries: 0 });
  const vectors = createChunkVectors({ embedder, cache, minSimilarity: 0.3, ...(opts.batch ? { batch: opts.batch } : {}), onError: (e) => opts.errors?.push(e) });
  return { cache, vectors };
}

/** Twelve content words of a middle passage's first sentence, each written backwards: same meaning, no shared term. */
function mirroredQuestion(): { question: string; chunk: PaperIndex['chunks'][number] } {
  const chunk = index.chunks[Math.floor(index.chunks.length / 2)]!;
  const words = chunk.text.split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w)).slice(0, 12);
  return { question: `${words.map((w) => mirror(w.toLowerCase())).join(' ')}?`, chunk };
}

describe('vector helpers', () => {
  it('cosine is 1 for the same direction, 0 for orthogonal, and fusion rewards agreement', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    // 7 is second in both rankings, so it beats 1 and 9, each first in one list only.
    expect(fuseRankings([[1, 7, 3], [9, 7, 4]], 3)[0]).toBe(7);
  });
});

describe('questions with embeddings (real openai client, fake endpoint)', () => {
  it('finds the passage of a question asked in other words, which BM25 alone cannot', async () => {
    const { question, chunk } = mirroredQuestion();
    const bm25Only = await answerQuestion({ model: quoting, prompts }, index, question, 'en');
    expect(bm25Only.kind).toBe('not_found');

    const { vectors } = vectorsWith();
    const answer = await answerQuestion({ model: quoting, prompts, vectors }, index, question, 'en');
    expect(answer.kind).toBe('answer');
    expect(answer.passages[0]).toEqual({ page: chunk.page, text: chunk.text });
    // The cited page really holds the quoted passage.
    const cited = answer.pages[0]!;
    const page = structure.pages.find((p) => p.num === cited)!;
    expect(squash(page.text)).toContain(squash(answer.text.replace(/\s*\[p\. \d+\]$/, '')).slice(0, 60));
  });

  it('still says a question the paper cannot answer is not answered', async () => {
    const { vectors } = vectorsWith();
    const answer = await answerQuestion({ model: quoting, prompts, vectors }, index, NONSENSE, 'en');
    expect(answer).toMatchObject({ kind: 'not_found', pages: [] });
  });

  it('embeds the paper once, in batches, and then only the questions', async () => {
    const { vectors, cache } = vectorsWith({ batch: 8 });
    const before = fake.embeddingRequests.length;
    await answerQuestion({ model: null, prompts, vectors }, index, mirroredQuestion().question, 'en');
    const paperBatches = Math.ceil(index.chunks.length / 8);
    expect(fake.embeddingRequests.length - before).toBe(paperBatches + 1);
    expect(fake.embeddingRequests.at(-1)!.body.model).toBe('embed-test');
    expect(await cache.get<number[][]>(chunkVectorsKey('embed-test', index))).toHaveLength(index.chunks.length);
    await answerQuestion({ model: null, prompts, vectors }, index, NONSENSE, 'en');
    expect(fake.embeddingRequests.length - before).toBe(paperBatches + 2);
  });

  it('answers with BM25 alone when the embeddings endpoint fails, and caches nothing', async () => {
    const errors: unknown[] = [];
    const { vectors, cache } = vectorsWith({ errors });
    fake.embeddingsStatus = 500;
    try {
      const method = structure.sections.find((s) => /method|approach/i.test(s.heading))!;
      const question = `What about ${method.text.split(/\s+/).filter((w) => w.length > 6).slice(0, 4).join(' ')}?`;
      const answer = await answerQuestion({ model: quoting, prompts, vectors }, index, question, 'en');
      expect(answer.kind).toBe('answer');
      expect(errors.length).toBeGreaterThan(0);
      expect(String((errors[0] as Error).message)).toMatch(/HTTP 500/);
      expect(await cache.get(chunkVectorsKey('embed-test', index))).toBeUndefined();
    } finally {
      fake.embeddingsStatus = undefined;
    }
  });
});
