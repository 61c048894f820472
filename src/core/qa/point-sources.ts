/**
 * Evidence for the summary itself: the pages each of the four points draws on. Every sentence of a point is looked up
 * among the passages of the text that was sent to the model; a page counts only when the sentence's terms are found
 * there (so a point the paper does not support gets no page rather than a made-up one). Terms that occur nowhere in the
 * paper (the Chinese words of a Chinese summary of an English paper) are not held against a sentence: its names,
 * numbers and English terms carry the match.
 */
import { splitSentences } from '../pipeline/text-units.ts';
import type { SummaryPoints } from '../types.ts';
import { createBm25 } from './bm25.ts';
import type { PaperChunk } from './types.ts';

export type PointSources = Record<keyof SummaryPoints, number[]>;

const MAX_PAGES_PER_POINT = 3;

export function pointSources(points: SummaryPoints, chunks: readonly PaperChunk[]): PointSources {
  const bm25 = createBm25(chunks.map((c) => c.text));
  const pagesFor = (text: string): number[] => {
    const votes = new Map<number, number>();
    for (const sentence of splitSentences(text)) {
      const { hits, knownTerms } = bm25.search(sentence, 1);
      const best = hits[0];
      if (!best || knownTerms < 2 || best.matched / knownTerms < 0.5) continue;
      const page = chunks[best.index]!.page;
      votes.set(page, (votes.get(page) ?? 0) + best.score);
    }
    return [...votes.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_PAGES_PER_POINT)
      .map(([p]) => p)
      .sort((a, b) => a - b);
  };
  return {
    background: pagesFor(points.background),
    priorWork: pagesFor(points.priorWork),
    method: pagesFor(points.method),
    results: pagesFor(points.results),
  };
}
