/**
 * Answers a question about a paper from the paper itself. Retrieval (BM25, fused with embeddings when
 * EMBEDDINGS_MODEL is set, so a question in other words than the paper's still finds its passage) picks the passages; with a model, the model
 * answers from those passages only and cites their pages, and citations to any other page are removed; without a
 * model (or when it fails) the best passages are the answer. When nothing in the paper matches, the answer says so
 * instead of guessing.
 */
import { isPaperError } from '../errors.ts';
import type { ChatMessage, LanguageModel } from '../ports.ts';
import type { Language } from '../types.ts';
import { createBm25 } from './bm25.ts';
import type { ChunkVectors } from './chunk-vectors.ts';
import { checkCitations } from './citations.ts';
import { fuseRankings, rankByCosine } from './dense.ts';
import type { Passage, PaperIndex, QaAnswer } from './types.ts';

export interface QaPrompts {
  system: string;
  answer: Record<Language, string>;
}

export interface QaDeps {
  model: LanguageModel | null;
  prompts: QaPrompts;
  /** Embeddings of the passages (EMBEDDINGS_MODEL); without them retrieval is BM25 alone. */
  vectors?: ChunkVectors | null;
}

export interface QaOptions {
  /** Passages given to the model. */
  passages?: number;
  /** Share of the question's terms the best passage must contain for the paper to count as answering. */
  minCoverage?: number;
  /**
   * Awaited right before the model is asked (not for retrieval, embeddings or a question the paper does not answer):
   * the chat's spending caps charge here; what it throws (quota_exceeded) is the caller's answer, never hidden.
   */
  beforeModel?: () => Promise<void>;
  /**
   * Hears the model's answer while it is written (the whole text so far; '' when a broken stream starts over): a chat
   * shows it. Raw model text, before citations are checked: the final answer may differ.
   */
  onText?: ((textSoFar: string) => void) | undefined;
}

const NOT_IN_PAPER = 'NOT_IN_PAPER';

export interface QaResult extends QaAnswer {
  /** Set when the model failed and the passages stand in for its answer. */
  modelError?: string;
}

export function retrievePassages(index: PaperIndex, question: string, opts: QaOptions = {}): { passages: Passage[]; coverage: number } {
  const bm25 = createBm25(index.chunks.map((c) => c.text));
  const { hits, queryTerms } = bm25.search(question, opts.passages ?? 5);
  const best = hits[0];
  const coverage = best && queryTerms ? best.matched / queryTerms : 0;
  const passages = hits.map((h) => index.chunks[h.index]!).map((c) => ({ page: c.page, text: c.text }));
  return { passages, coverage };
}

function messages(prompts: QaPrompts, passages: Passage[], question: string, language: Language): ChatMessage[] {
  const excerpts = passages.map((p) => `[p. ${p.page}] ${p.text}`).join('\n\n');
  return [
    { role: 'system', content: prompts.system },
    { role: 'user', content: `<excerpts>\n${excerpts}\n</excerpts>\n\nQuestion: ${question}\n\n${prompts.answer[language]}` },
  ];
}

const pagesOf = (passages: Passage[]) => [...new Set(passages.map((p) => p.page))].sort((a, b) => a - b);

/**
 * BM25 and cosine rankings fused by rank. The paper counts as answering when the best BM25 passage holds enough of the
 * question's terms, or the best passage by meaning is similar enough (a paraphrase shares few terms).
 */
export async function retrieveHybrid(vectors: ChunkVectors, index: PaperIndex, question: string, opts: QaOptions = {}): Promise<{ passages: Passage[]; found: boolean } | null> {
  const [paper, query] = await Promise.all([vectors.forPaper(index), vectors.forQuestion(question)]);
  if (!paper || !query) return null;
  const k = opts.passages ?? 5;
  const bm25 = createBm25(index.chunks.map((c) => c.text));
  const { hits, queryTerms } = bm25.search(question, k * 2);
  const dense = rankByCosine(query, paper, k * 2);
  const coverage = hits[0] && queryTerms ? hits[0].matched / queryTerms : 0;
  const found = coverage >= (opts.minCoverage ?? 0.5) || (dense[0]?.score ?? 0) >= vectors.minSimilarity;
  const order = fuseRankings([hits.map((h) => h.index), dense.filter((d) => d.score > 0).map((d) => d.index)], k);
  return { passages: order.map((i) => index.chunks[i]!).map((c) => ({ page: c.page, text: c.text })), found };
}

async function retrieve(deps: QaDeps, index: PaperIndex, question: string, opts: QaOptions): Promise<{ passages: Passage[]; found: boolean }> {
  const hybrid = deps.vectors ? await retrieveHybrid(deps.vectors, index, question, opts) : null;
  if (hybrid) return hybrid;
  const { passages, coverage } = retrievePassages(index, question, opts);
  return { passages, found: coverage >= (opts.minCoverage ?? 0.5) };
}

export async function answerQuestion(deps: QaDeps, index: PaperIndex, question: string, language: Language, opts: QaOptions = {}): Promise<QaResult> {
  const { passages, found } = await retrieve(deps, index, question, opts);
  if (passages.length === 0 || !found) return { kind: 'not_found', text: '', pages: [], passages: [] };
  const shown = passages.slice(0, 3);
  if (!deps.model) return { kind: 'passages', text: '', pages: pagesOf(shown), passages: shown };
  await opts.beforeModel?.();
  let reply: string;
  try {
    reply = (await deps.model.complete(messages(deps.prompts, passages, question, language), opts.onText ? { onText: opts.onText } : undefined)).text.trim();
  } catch (err) {
    const code = isPaperError(err) ? err.code : 'llm_failed';
    return { kind: 'passages', text: '', pages: pagesOf(shown), passages: shown, modelError: code };
  }
  if (!reply || reply.includes(NOT_IN_PAPER)) return { kind: 'not_found', text: '', pages: [], passages };
  const checked = checkCitations(reply, new Set(passages.map((p) => p.page)));
  // An answer without a valid citation still rests on the passages it was given: name their pages.
  const pages = checked.pages.length ? checked.pages : pagesOf(passages);
  const text = checked.pages.length ? checked.text : `${checked.text} [p. ${pages.join(', ')}]`;
  return { kind: 'answer', text, pages, passages };
}
