/**
 * Answers that are no summary at all, caught before they reach the parser: empty content, a refusal, and run-away
 * repetition. A run-away reply is cut where the loop starts and marked as cut off (finishReason 'length'), so the
 * summarizer treats it like any reply that hit max_tokens: its last item is not trusted and the one follow-up asks again.
 * The others throw llm_failed marked `noSummary`: the summarizer answers that with its one follow-up (a fresh request),
 * and only a second such answer reaches the user.
 */
import { PaperError } from '../errors.ts';
import type { Completion } from '../ports.ts';
import { looksLikeRefusal } from './reply-problems.ts';
import { ITEM_KEYS, POINT_MARKER, splitSections } from './reply-sections.ts';
import { normalizeReply } from './reply-text.ts';
import { runawayTailStart } from './repetition.ts';

/** A refusal is a few sentences; a long answer that mentions "I can't" somewhere is not one. */
const MAX_REFUSAL_CHARS = 600;

/** Any of the six items, or a "(3): …" point (a follow-up answer may hold only points). */
export function hasSummaryStructure(text: string): boolean {
  const normalized = normalizeReply(text);
  const { items } = splitSections(normalized);
  if (ITEM_KEYS.some((k) => items[k]?.some((l) => l.trim()))) return true;
  return normalized.split('\n').some((l) => POINT_MARKER.test(l.trim()));
}

const fail = (reason: 'empty' | 'refused' | 'unusable', detail?: string): never => {
  throw new PaperError('llm_failed', { reason, retryable: false, noSummary: true, ...(detail ? { detail } : {}) });
};

/** An answer that held no summary at all (refusal, empty, content filter, nothing but a loop). */
export function isNoSummary(err: unknown): err is PaperError {
  return err instanceof PaperError && err.data.noSummary === true;
}

export function checkReply(c: Completion): Completion {
  if (c.finishReason === 'content_filter') return fail('refused', 'content filter');
  if (!c.text.trim()) return fail('empty');
  if (c.text.length <= MAX_REFUSAL_CHARS && looksLikeRefusal(c.text) && !hasSummaryStructure(c.text)) return fail('refused');
  const loopAt = runawayTailStart(c.text);
  if (loopAt < 0) return c;
  const kept = c.text.slice(0, loopAt).trimEnd();
  if (!hasSummaryStructure(kept)) return fail('unusable', 'the model kept repeating itself');
  return { ...c, text: kept, finishReason: 'length' };
}
