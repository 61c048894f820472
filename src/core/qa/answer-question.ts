/**
 * Answers a question about a paper from the paper itself. Retrieval (BM25) picks the passages; with a model, the model
 * answers from those passages only and cites their pages, and citations to any other page are removed; without a
 * model (or when it fails) the best passages are the answer. When nothing in the paper matches, the answer says so
 * instead of guessing.
 */
import { isPaperError } from '../errors.ts';
import type { ChatMessage, LanguageModel } from '../ports.ts';
import type { Language } from '../types.ts';
import { createBm25 } from './bm25.ts';
import { checkCitations } from './citations.ts';
import type { Passage, PaperIndex, QaAnswer } from './types.ts';

export interface QaPrompts {
  system: string;
  answer: Record<Language, string>;
}

export interface QaDeps {
  model: LanguageModel | null;
  prompts: QaPrompts;
}

export interface QaOptions {
  /** Passages given to the model. */
  passages?: number;
  /** Share of the question's terms the best passage must contain for the paper to count as answering. */
  minCoverage?: number;
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

export async function answerQuestion(deps: QaDeps, index: PaperIndex, question: string, language: Language, opts: QaOptions = {}): Promise<QaResult> {
  const { passages, coverage } = retrievePassages(index, question, opts);
  if (passages.length === 0 || coverage < (opts.minCoverage ?? 0.5)) return { kind: 'not_found', text: '', pages: [], passages: [] };
  const shown = passages.slice(0, 3);
  if (!deps.model) return { kind: 'passages', text: '', pages: pagesOf(shown), passages: shown };
  let reply: string;
  try {
    reply = (await deps.model.complete(messages(deps.prompts, passages, question, language))).text.trim();
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
