/**
 * Loose comparisons between what the structure stage found and expected.json, shared by the
 * structure test and benchmarks: case/space/punctuation-insensitive titles and headings, name keys
 * that survive initials and diacritics, soft affiliation matching, set precision/recall/F1.
 */

/** Letters and digits only, lower case, NFKC (ligatures and full-width forms folded), no diacritics. */
export function looseText(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** Similarity in 0..1 of two strings after looseText (1 = equal ignoring case, spaces, punctuation). */
export function similarity(a: string | null | undefined, b: string | null | undefined): number {
  const x = looseText(a);
  const y = looseText(b);
  if (!x && !y) return 1;
  if (!x || !y) return 0;
  return 1 - editDistance(x, y) / Math.max([...x].length, [...y].length);
}

export function titleMatches(got: string | null, expected: string | null): boolean {
  return similarity(got, expected) >= 0.9;
}

/** A person's name as comparable tokens: surname plus first initial ("Daniel S. Weld" ~ "Daniel Weld"). */
export function nameKey(name: string): string {
  const clean = name.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (/[\u3400-\u9fff]/u.test(clean)) return clean.replace(/\s+/gu, '');
  const tokens = clean.toLowerCase().split(/[\s.]+/u).filter(Boolean);
  const surname = tokens[tokens.length - 1] ?? '';
  return `${tokens[0]?.[0] ?? ''}|${surname.replace(/[^\p{L}]/gu, '')}`;
}

export function namesMatch(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b) || looseText(a) === looseText(b);
}

export interface SetScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision/recall/F1 of two lists with a custom equality (each expected item matched once). */
export function setScore<T>(got: readonly T[], expected: readonly T[], eq: (a: T, b: T) => boolean): SetScore {
  const left = [...expected];
  let tp = 0;
  for (const g of got) {
    const i = left.findIndex((e) => eq(g, e));
    if (i >= 0) {
      tp++;
      left.splice(i, 1);
    }
  }
  const fp = got.length - tp;
  const fn = expected.length - tp;
  const precision = got.length ? tp / got.length : expected.length ? 0 : 1;
  const recall = expected.length ? tp / expected.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/** Affiliations match softly: one contains the other, or most word tokens (CJK: bigrams) agree. */
export function affiliationMatches(got: string | null, expected: string | null): boolean {
  if (!got || !expected) return !got && !expected;
  const a = looseText(got);
  const b = looseText(expected);
  if (a.includes(b) || b.includes(a)) return true;
  const grams = (s: string) => {
    if (/[\u3400-\u9fff]/u.test(s)) return new Set([...looseText(s)].map((c, i, all) => c + (all[i + 1] ?? '')));
    return new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  };
  const x = grams(got);
  const y = grams(expected);
  const common = [...x].filter((g) => y.has(g)).length;
  return common / Math.max(1, Math.min(x.size, y.size)) >= 0.7;
}

/** GitHub URL key: no scheme, www, trailing slash or .git; case-insensitive. */
export function githubKey(url: string): string {
  return url
    .toLowerCase()
    .replace(/^https?:\/\//u, '')
    .replace(/^www\./u, '')
    .replace(/(?:\.git)?\/*$/u, '');
}

/** Heading key: case, whitespace and punctuation ignored (small caps come out in varied forms). */
export function headingKey(heading: string): string {
  return looseText(heading);
}
