/**
 * Page citations in a model's answer: `[p. 4]`, `[p.4, 6]`, `[pp. 3–4]`, `(p. 4)`, `[第4页]`. Only pages whose passages
 * were actually given to the model survive; a citation to any other page is removed, never trusted.
 */
const CITATION = /[[(（［]\s*(?:pp?\.?\s*|page\s*|第\s*)(\d{1,4}(?:\s*(?:[-–—~,，、]|and)\s*\d{1,4})*)\s*(?:页\s*)?[\])）］]/giu;

function pagesIn(list: string): number[] {
  const out: number[] = [];
  // Separators take spaces only from where a run of them starts (`(?<!\s)`), so no run is rescanned from each of its
  // characters; a separator's own trailing spaces end its match, so the next one never starts inside a run.
  for (const part of list.split(/(?:(?<!\s)\s+)?(?:[,，、]|and)\s*/)) {
    const range = part.split(/(?:(?<!\s)\s+)?[-–—~]\s*/).map(Number);
    const [a, b] = range;
    if (a === undefined || !Number.isFinite(a)) continue;
    if (b !== undefined && Number.isFinite(b) && b >= a && b - a <= 5) for (let p = a; p <= b; p++) out.push(p);
    else out.push(a);
  }
  return out;
}

export interface CheckedCitations {
  /** The text with every citation rewritten as `[p. N]` (valid pages only) and invalid ones removed. */
  text: string;
  /** Valid pages cited, ascending. */
  pages: number[];
  /** Pages cited that were not among the given passages. */
  rejected: number[];
}

export function checkCitations(answer: string, allowedPages: ReadonlySet<number>): CheckedCitations {
  const cited = new Set<number>();
  const rejected = new Set<number>();
  const text = answer
    .replace(CITATION, (_, list: string) => {
      const ok = pagesIn(list).filter((p) => (allowedPages.has(p) ? true : (rejected.add(p), false)));
      for (const p of ok) cited.add(p);
      return ok.length ? `[p. ${[...new Set(ok)].join(', ')}]` : '';
    })
    .replace(/(?<![ \t])[ \t]+([.,;:。，；])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text, pages: [...cited].sort((a, b) => a - b), rejected: [...rejected].sort((a, b) => a - b) };
}
