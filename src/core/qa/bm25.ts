/** Okapi BM25 over short documents (the paper's chunks), built in memory per question: a paper has a few hundred. */
import { terms } from './terms.ts';

export interface Bm25Hit {
  index: number;
  score: number;
  /** Distinct query terms found in the document. */
  matched: number;
}

export interface Bm25 {
  /** queryTerms: distinct terms of the query; knownTerms: those that occur anywhere in the documents. */
  search(query: string, k: number): { hits: Bm25Hit[]; queryTerms: number; knownTerms: number };
}

const K1 = 1.2;
const B = 0.75;

export function createBm25(docs: readonly string[]): Bm25 {
  const tf = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of terms(d)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const lengths = tf.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  const df = new Map<string, number>();
  for (const m of tf) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = (t: string) => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  return {
    search(query, k) {
      const q = [...new Set(terms(query))];
      const hits: Bm25Hit[] = [];
      tf.forEach((m, i) => {
        let score = 0;
        let matched = 0;
        for (const t of q) {
          const f = m.get(t);
          if (!f) continue;
          matched++;
          score += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (lengths[i] ?? 0)) / (avg || 1)));
        }
        if (score > 0) hits.push({ index: i, score, matched });
      });
      hits.sort((a, b) => b.score - a.score || a.index - b.index);
      return { hits: hits.slice(0, k), queryTerms: q.length, knownTerms: q.filter((t) => df.has(t)).length };
    },
  };
}
