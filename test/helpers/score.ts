/**
 * Per-paper scores of a structure result against one expected.json entry, shared by the structure
 * test (which asserts floors) and bench/extract.ts (which prints the figures), so both use one rule.
 */
import type { PaperStructure } from '../../src/core/types.ts';
import { affiliationMatches, githubKey, headingKey, looseText, namesMatch, setScore, similarity, titleMatches, type SetScore } from './match.ts';
import type { ExpectedPaper } from './shared.ts';

export interface PaperScore {
  title: boolean;
  authorF1: number;
  firstAuthor: boolean;
  affiliation: boolean;
  keywords: boolean;
  arxivId: boolean;
  doi: boolean;
  /** F1 of top-level headings against the expected section list. */
  sectionF1: number;
  abstract: boolean;
  language: boolean;
}

export function scorePaper(s: PaperStructure, exp: ExpectedPaper): PaperScore {
  const want = looseText(exp.abstract_first_sentence);
  const kw = setScore(s.keywords.map(looseText), (exp.keywords ?? []).map(looseText), (a, b) => a === b);
  const headings = s.sections.filter((x) => x.level === 1).map((x) => headingKey(x.heading));
  return {
    title: titleMatches(s.title, exp.title),
    authorF1: setScore(s.authors, exp.authors, namesMatch).f1,
    firstAuthor: !!s.authors[0] && !!exp.authors[0] && namesMatch(s.authors[0], exp.authors[0]),
    affiliation: affiliationMatches(s.affiliation, exp.first_author_affiliation),
    keywords: kw.f1 >= 0.8 || (s.keywords.length === 0 && !exp.keywords?.length),
    arxivId: (s.arxivId ?? null) === exp.arxiv_id,
    doi: (s.doi?.toLowerCase() ?? null) === (exp.doi?.toLowerCase() ?? null),
    sectionF1: setScore(headings, exp.sections.map(headingKey), (a, b) => a === b).f1,
    // The expected first sentence must open the found abstract (prefix of the same length).
    abstract: similarity(looseText(s.abstract).slice(0, want.length), want) >= 0.9,
    language: s.language === exp.language,
  };
}

/** GitHub links pooled over papers (keyed by file, so a link is only right in its own paper). */
export function githubScore(rows: ReadonlyArray<{ exp: ExpectedPaper; s: PaperStructure }>): SetScore {
  return setScore(
    rows.flatMap((r) => r.s.githubUrls.map((u) => `${r.exp.file}|${githubKey(u)}`)),
    rows.flatMap((r) => r.exp.github_urls.map((u) => `${r.exp.file}|${githubKey(u)}`)),
    (a, b) => a === b,
  );
}
