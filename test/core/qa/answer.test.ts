/** Questions about a paper answered from the paper: chunks, retrieval, the model's answer checked, honest "not found". */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { answerQuestion, retrievePassages, type QaPrompts } from '../../../src/core/qa/answer-question.ts';
import { chunkPaper } from '../../../src/core/qa/chunk-paper.ts';
import { pointSources } from '../../../src/core/qa/point-sources.ts';
import type { PaperIndex } from '../../../src/core/qa/types.ts';
import { PaperError } from '../../../src/core/errors.ts';
import type { ChatMessage, LanguageModel } from '../../../src/core/ports.ts';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import { extractiveSummary } from '../../../src/core/pipeline/extractive.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { loadExpected, readPaper, sharedAvailable } from '../../helpers/shared.ts';

const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1 });
afterAll(() => extractor.close?.());
const prompts: QaPrompts = { system: 'system', answer: { en: 'answer in English', zh: '用中文回答' } };
const squash = (s: string) => s.replace(/\s+/g, '');
const NONSENSE = 'How many giraffes did the zookeepers feed on Tuesday afternoon?';

/** A question made of the longer words of the paper's method section (no knowledge of the paper's content needed). */
function methodQuestion(structure: Awaited<ReturnType<typeof indexOf>>['structure']) {
  const method = structure.sections.find((s) => /method|approach/i.test(s.heading))!;
  return { method, question: `What about ${method.text.split(/\s+/).filter((w) => w.length > 6).slice(0, 4).join(' ')}?` };
}

async function indexOf(bytes: Uint8Array) {
  const structure = analyzePaper(await extractor.extract(bytes, { maxPages: 300 }));
  const index: PaperIndex = { sha256: 'x', title: structure.title, language: structure.language, chunks: chunkPaper(structure) };
  return { structure, index };
}

/** A model that answers by quoting the first sentence of the first excerpt with its page (what a good model does). */
function quotingModel(log: ChatMessage[][] = []): LanguageModel {
  return {
    name: 'quoting',
    async complete(messages) {
      log.push(messages);
      const m = /\[p\. (\d+)\] ([^\n]+)/.exec(messages[1]!.content);
      return { text: `${m![2]!.slice(0, 120)} [p. ${m![1]}]`, finishReason: 'stop', inputTokens: 1, outputTokens: 1 };
    },
  };
}

const sample = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

describe('chunks of a paper', () => {
  it('stand on one page each, come from that page, and leave the reference list out', async () => {
    const { structure, index } = await indexOf(sample);
    expect(index.chunks.length).toBeGreaterThan(5);
    const pageText = new Map(structure.pages.map((p) => [p.num, squash(p.text)]));
    for (const c of index.chunks) expect(pageText.get(c.page), c.text.slice(0, 60)).toContain(squash(c.text).slice(0, 80));
    const refs = structure.sections.find((s) => /references/i.test(s.heading));
    expect(refs).toBeDefined();
    const firstRef = squash(refs!.text).slice(0, 60);
    expect(index.chunks.some((c) => squash(c.text).includes(firstRef))).toBe(false);
  });
});

describe('answering from the paper (generated sample paper)', () => {
  it('without a model: the best passages with their pages; nonsense: not found', async () => {
    const { structure, index } = await indexOf(sample);
    const { method, question } = methodQuestion(structure);
    const a = await answerQuestion({ model: null, prompts }, index, question, 'en');
    expect(a.kind).toBe('passages');
    expect(a.passages.length).toBeGreaterThan(0);
    expect(a.pages).toContain(method.page);
    expect((await answerQuestion({ model: null, prompts }, index, NONSENSE, 'en')).kind).toBe('not_found');
  });

  it('with a model: the paper goes in as fenced excerpts with pages; citations to pages not given are removed', async () => {
    const { structure, index } = await indexOf(sample);
    const { question } = methodQuestion(structure);
    const lying: LanguageModel = {
      name: 'lying',
      complete: async () => ({ text: 'It uses 12 encoders [p. 99] and a retriever [p. 1].', finishReason: 'stop', inputTokens: 1, outputTokens: 1 }),
    };
    const a = await answerQuestion({ model: lying, prompts }, index, question, 'en');
    expect(a.kind).toBe('answer');
    expect(a.text).not.toContain('99');
    const given = new Set(a.passages.map((p) => p.page));
    for (const p of a.pages) expect(given.has(p)).toBe(true);

    const log: ChatMessage[][] = [];
    await answerQuestion({ model: quotingModel(log), prompts }, index, question, 'en');
    expect(log[0]![1]!.content).toMatch(/^<excerpts>\n\[p\. \d+\] /);
    expect(log[0]![1]!.content).toContain('</excerpts>');
  });

  it('says so when the model finds no answer, and falls back to passages when the model fails', async () => {
    const { structure, index } = await indexOf(sample);
    const { question } = methodQuestion(structure);
    const honest: LanguageModel = { name: 'h', complete: async () => ({ text: 'NOT_IN_PAPER', finishReason: 'stop', inputTokens: 1, outputTokens: 1 }) };
    expect((await answerQuestion({ model: honest, prompts }, index, question, 'en')).kind).toBe('not_found');
    const down: LanguageModel = { name: 'd', complete: async () => Promise.reject(new PaperError('rate_limited', { retryAfterSeconds: 3 })) };
    const a = await answerQuestion({ model: down, prompts }, index, question, 'en');
    expect(a.kind).toBe('passages');
    expect(a.modelError).toBe('rate_limited');
  });

  it('gives each summary point the pages it draws on, and none to a claim the paper does not make', async () => {
    const { structure, index } = await indexOf(sample);
    const summary = extractiveSummary(structure, 'en');
    const src = pointSources(summary.summary, index.chunks);
    const pages = new Map(structure.pages.map((p) => [p.num, p.text]));
    expect(Object.values(src).flat().length).toBeGreaterThan(0);
    for (const list of Object.values(src)) for (const p of list) expect(pages.has(p)).toBe(true);
    const made = pointSources({ ...summary.summary, results: 'Quantum bananas outperform classical fruit salads by 7 pineapples.' }, index.chunks);
    expect(made.results).toEqual([]);
  });
});

describe.skipIf(!sharedAvailable)('answering from real papers (../shared/papers)', () => {
  it('cites a page that really holds the passage, in English and Chinese, and admits what the paper does not say', async () => {
    let checked = 0;
    for (const exp of loadExpected().filter((e) => e.has_text_layer && e.abstract_first_sentence)) {
      const { structure, index } = await indexOf(readPaper(exp.file));
      if (index.chunks.length === 0) continue;
      const question = exp.abstract_first_sentence!;
      const { passages } = retrievePassages(index, question);
      const a = await answerQuestion({ model: quotingModel(), prompts }, index, question, exp.language === 'zh' ? 'zh' : 'en');
      expect(a.kind, exp.file).toBe('answer');
      const cited = a.pages[0]!;
      const quote = squash(a.text.replace(/\[p\. [\d, ]+\]/g, '')).slice(0, 60);
      const page = structure.pages.find((p) => p.num === cited)!;
      expect(squash(page.text), exp.file).toContain(quote);
      expect(passages.length).toBeGreaterThan(0);
      expect((await answerQuestion({ model: null, prompts }, index, NONSENSE, 'en')).kind, exp.file).toBe('not_found');
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
});
