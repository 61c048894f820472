/**
 * Chooses which heading candidates are real. A numbered heading is believed when it fits an
 * increasing sequence (1, 2, 3 … / I, II … / A, B …) across the document, is not a wrapped
 * paragraph line, and keeps the document's numbering style. Lists, footnotes, code lines and
 * references rarely form such a chain, and a running head was removed before we get here.
 */
import { headingCandidate, type HeadingCandidate } from './headings.ts';
import { displayWidth, percentile } from './text-utils.ts';

export interface DocLine {
  page: number;
  text: string;
}

export interface AcceptedHeading extends HeadingCandidate {
  line: number;
  level: number;
}

interface Numbered extends HeadingCandidate {
  line: number;
  score: number;
}

const REFERENCES = /^(?:references|bibliography|literature cited|参考文献)$/iu;
const APPENDIX = /^(?:appendix|appendices|附录|supplementary)/iu;

/** Best increasing chain (weighted): steps of +1, or +2 at a small cost; must start at 1. */
function bestChain(cands: readonly Numbered[]): Numbered[] {
  const best: number[] = [];
  const from: number[] = [];
  let top = -1;
  cands.forEach((c, i) => {
    best[i] = c.num === 1 ? c.score : -Infinity;
    from[i] = -1;
    for (let j = 0; j < i; j++) {
      const p = cands[j];
      const bj = best[j] ?? -Infinity;
      if (!p || bj === -Infinity || p.line >= c.line) continue;
      const step = c.num - p.num;
      const v = step === 1 ? bj + c.score : step === 2 ? bj + c.score - 0.75 : -Infinity;
      if (v > (best[i] ?? -Infinity)) [best[i], from[i]] = [v, j];
    }
    if ((best[i] ?? -Infinity) > (top >= 0 ? (best[top] ?? -Infinity) : -Infinity)) top = i;
  });
  const chain: Numbered[] = [];
  for (let i = top; i >= 0; i = from[i] ?? -1) {
    const c = cands[i];
    if (c) chain.unshift(c);
  }
  return chain;
}

/** Per style (kind + separator) the best chain; the document's main numbering is the best of them. */
function pickChain(cands: readonly Numbered[]): Numbered[] {
  const groups = new Map<string, Numbered[]>();
  for (const c of cands) groups.set(`${c.kind}|${c.sep}`, [...(groups.get(`${c.kind}|${c.sep}`) ?? []), c]);
  let winner: Numbered[] = [];
  let winnerScore = 0;
  for (const group of groups.values()) {
    const chain = bestChain(group);
    const score = chain.reduce((a, c) => a + c.score, 0);
    if (score > winnerScore) [winner, winnerScore] = [chain, score];
  }
  return winner;
}

/**
 * How much a candidate looks like a heading beyond its shape: followed by its first sub-section
 * ("3" then "3.1", "A" then "A.1"), preceded by the end of a paragraph or a page, or naming an appendix.
 */
function evidence(c: HeadingCandidate, lines: readonly DocLine[], i: number): number {
  let score = 1;
  const next = lines[i + 1]?.text ?? '';
  const label = c.kind === 'letter' ? String.fromCharCode(64 + c.num) : String(c.num);
  if (c.kind !== 'sub' && new RegExp(`^${label}\\.1\\.?\\s`, 'u').test(next)) score += 1;
  const prev = lines[i - 1];
  if (!prev || prev.page !== lines[i]?.page || /[.!?。)]$/u.test(prev.text)) score += 0.5;
  if (c.kind === 'letter' && /\bappendix\b|附录/iu.test(c.heading)) score += 1;
  return score;
}

export function selectHeadings(lines: readonly DocLine[]): AcceptedHeading[] {
  const widths = lines.map((l) => displayWidth(l.text)).filter((w) => w >= 10);
  const full = percentile(widths, 0.8) * 0.85;
  const named: AcceptedHeading[] = [];
  const numberedCands: Numbered[] = [];
  let refsAt = Infinity;
  let appendixAt = Infinity;

  lines.forEach((l, i) => {
    const c = headingCandidate(l.text);
    if (!c) return;
    if (c.kind === 'named') {
      // Run-in abstract labels only count on the first pages ("Abstract syntax trees…" in a body does not).
      if (c.runIn && /^(?:abstract|摘要)$/iu.test(c.heading) && l.page > 3) return;
      named.push({ ...c, line: i, level: 1 });
      if (REFERENCES.test(c.heading) && refsAt === Infinity) refsAt = i;
      if (APPENDIX.test(c.heading) && appendixAt === Infinity) appendixAt = i;
      return;
    }
    // A line as wide as the body text is a wrapped paragraph line (list item, footnote), not a heading.
    if (full > 0 && displayWidth(l.text) >= full && !/[.:]$/u.test(l.text) && c.kind !== 'chapter') return;
    numberedCands.push({ ...c, line: i, score: evidence(c, lines, i) });
    if (c.kind === 'letter' && /^appendix\b/iu.test(c.heading) && appendixAt === Infinity) appendixAt = i;
  });

  // Numbered lines before the abstract label are front matter (numbered affiliations, cover fields).
  // (Only an abstract label near the start counts: a late one would be a stray line, not the front matter's end.)
  const abstractAt = named.find((h) => /^(?:abstract|摘要)$/iu.test(h.heading) && ((lines[h.line]?.page ?? 99) <= 5 || h.line < lines.length / 5))?.line ?? -1;
  const body = numberedCands.filter((c) => c.line > abstractAt);
  // The main numbering lives between the abstract and the references/appendices (whose own numbered
  // lists — licences, datasheets, questionnaires — must not outvote it).
  const backMatter = Math.min(refsAt, appendixAt);
  const main = pickChain(body.filter((c) => (c.kind === 'arabic' || c.kind === 'roman' || c.kind === 'chapter') && c.line < backMatter));
  const mainKind = main[0]?.kind ?? null;
  const out: AcceptedHeading[] = [...named, ...main.map((c) => ({ ...c, level: 1 }))];

  // Appendices: lettered headings after the references (or an "Appendix" heading).
  const letters = bestChain(body.filter((c) => c.kind === 'letter' && c.line >= backMatter));
  // A lone "A …" line is too often a sentence ("A General Class of …"): it needs evidence.
  if (letters.length >= 2 || letters.some((c) => c.score >= 2)) out.push(...letters.map((c) => ({ ...c, level: 1 })));

  // Sub-sections inside each numbered section: "3.1" under 3, and IEEE's "A." under a roman numeral.
  main.forEach((sec, k) => {
    const end = main[k + 1]?.line ?? (backMatter === Infinity ? lines.length : backMatter);
    const inside = body.filter((c) => c.line > sec.line && c.line < end);
    const subs =
      mainKind === 'roman'
        ? bestChain(inside.filter((c) => c.kind === 'letter' && c.sep === '.'))
        : bestChain(inside.filter((c) => c.kind === 'sub' && c.parent === sec.num));
    out.push(...subs.map((c) => ({ ...c, level: 2 })));
  });
  return out.sort((a, b) => a.line - b.line);
}
