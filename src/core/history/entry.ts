/** A history entry made from a finished summary. */
import type { SummaryResult } from '../types.ts';
import { splitSentences } from '../pipeline/text-units.ts';
import type { HistoryEntry } from './types.ts';

const LINE_MAX = 200;

/** The first sentence of the method point (what the paper does), within LINE_MAX characters. */
export function oneLine(result: Pick<SummaryResult, 'summary'>): string {
  const first = splitSentences(result.summary.method)[0] ?? splitSentences(result.summary.background)[0] ?? '';
  return first.length <= LINE_MAX ? first : `${first.slice(0, LINE_MAX - 1).trimEnd()}…`;
}

export function historyEntry(result: SummaryResult, threadUrl: string | null, sharedAt: number): HistoryEntry {
  const s = result.summary;
  return {
    sha256: result.source.sha256,
    title: result.titleOriginal || result.title,
    keywords: result.keywords,
    line: oneLine(result),
    summaryText: [s.background, s.priorWork, s.method, s.results].join('\n'),
    language: result.language,
    threadUrl,
    sharedAt,
  };
}
