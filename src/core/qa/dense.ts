/** Vector helpers for retrieval: cosine similarity and reciprocal-rank fusion of two rankings. Pure. */

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Indexes of `vectors` by cosine to `query`, best first, with their scores. */
export function rankByCosine(query: readonly number[], vectors: readonly (readonly number[])[], k: number): Array<{ index: number; score: number }> {
  return vectors
    .map((v, index) => ({ index, score: cosine(query, v) }))
    .sort((x, y) => y.score - x.score)
    .slice(0, k);
}

/**
 * Reciprocal-rank fusion (Cormack et al. 2009): each list adds 1 / (k + rank); robust to the two scores' different
 * scales, which is why BM25 and cosine are fused by rank, not by value.
 */
export function fuseRankings(rankings: ReadonlyArray<readonly number[]>, take: number, k = 60): number[] {
  const score = new Map<number, number>();
  for (const ranking of rankings) ranking.forEach((index, rank) => score.set(index, (score.get(index) ?? 0) + 1 / (k + rank + 1)));
  return [...score.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, take)
    .map(([index]) => index);
}
