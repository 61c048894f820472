/**
 * Whether a registry's title is the title the PDF prints. Compared on letters and digits only (case, accents,
 * punctuation, spacing, hyphenation and TeX markup do not count), with a little tolerance for a word the layout lost.
 * Linear in the titles' length: one pass each, no backtracking patterns.
 */

/** TeX control words ($\mathcal{O}$, \emph{…}) are markup, not title text. */
const TEX_COMMAND = /\\[a-z]+/gi;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** The title's words: lower case, accents folded, ligatures split (NFKD), markup dropped. */
export function titleWords(title: string): string[] {
  return title.normalize('NFKD').replace(MARKS, '').replace(TEX_COMMAND, ' ').toLowerCase().split(NOT_WORD).filter(Boolean);
}

/** Word multiset overlap: 2·|common| / (|a| + |b|). */
function dice(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of b) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

export function titlesMatch(printed: string | null, registry: string | null): boolean {
  if (!printed || !registry) return false;
  const a = titleWords(printed);
  const b = titleWords(registry);
  if (a.length === 0 || b.length === 0) return false;
  // Same letters in the same order, whatever the spacing ("Pre-training" vs "Pretraining").
  if (a.join('') === b.join('')) return true;
  // Long titles may differ by a word the layout dropped or split; short ones must be exact.
  return a.length >= 5 && b.length >= 5 && dice(a, b) >= 0.9;
}
