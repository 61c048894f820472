/**
 * A reply that stopped at max_tokens (finishReason 'length') ends in the middle of something. Models answer the
 * items in order, so the last item the reply gives is the one that may be cut short: it is not trusted and counts as
 * missing, so the one follow-up request asks for it again and a cut-off summary is never taken as complete.
 */
import type { ParseResult, SummaryField } from './parse-summary.ts';

const ORDER: readonly SummaryField[] = ['title', 'authors', 'affiliation', 'keywords', 'links', 'background', 'priorWork', 'method', 'results'];

export function distrustCutOff(result: ParseResult, finishReason: string | null): ParseResult {
  if (finishReason !== 'length') return result;
  const last = [...ORDER].reverse().find((f) => !result.missing.includes(f));
  const missing = last ? ORDER.filter((f) => f === last || result.missing.includes(f)) : result.missing;
  return { ...result, missing, complete: false };
}
