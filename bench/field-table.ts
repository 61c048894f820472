/**
 * The per-field hit table of bench/extract.ts: each row names the matching rule it used, so a
 * figure can be read without opening the code. Rules come from test/helpers/score.ts.
 */
import type { PaperStructure } from '../src/core/types.ts';
import type { ExpectedPaper } from '../test/helpers/shared.ts';
import { githubScore, scorePaper, type PaperScore } from '../test/helpers/score.ts';

export interface ScoredRow {
  exp: ExpectedPaper;
  s: PaperStructure;
  usable: boolean;
}

/** Rows [field, result, rule] over the papers with a text layer (detection: over all papers). */
export function fieldTable(rows: readonly ScoredRow[]): string[][] {
  const text = rows.filter((r) => r.exp.has_text_layer);
  const n = text.length;
  const scores = text.map((r) => scorePaper(r.s, r.exp));
  const hits = (f: (sc: PaperScore) => boolean) => `${scores.filter(f).length}/${n}`;
  const mean = (f: (sc: PaperScore) => number) => (scores.reduce((a, sc) => a + f(sc), 0) / Math.max(1, n)).toFixed(2);
  const gh = githubScore(text);
  const detected = rows.filter((r) => r.usable === r.exp.has_text_layer).length;
  const noText = rows.filter((r) => !r.exp.has_text_layer);
  return [
    ['title', hits((sc) => sc.title), 'case/space/punctuation-insensitive similarity >= 0.9'],
    ['authors', `${hits((sc) => sc.authorF1 >= 0.93)}  mean F1 ${mean((sc) => sc.authorF1)}`, 'F1 of names (surname + first initial, diacritics folded); count: F1 >= 0.93'],
    ['first author', hits((sc) => sc.firstAuthor), 'same name key as authors'],
    ['affiliation', hits((sc) => sc.affiliation), 'first author; containment or >= 70% shared words (CJK bigrams)'],
    ['keywords', hits((sc) => sc.keywords), 'F1 >= 0.8 of loose keys; none expected and none found counts'],
    ['arXiv id', hits((sc) => sc.arxivId), 'exact (with version), null = null'],
    ['DOI', hits((sc) => sc.doi), 'exact, case-insensitive, null = null'],
    ['GitHub links', `P ${gh.precision.toFixed(2)} R ${gh.recall.toFixed(2)} (tp ${gh.tp} fp ${gh.fp} fn ${gh.fn})`, 'pooled; no scheme/www/.git/trailing slash, case-insensitive'],
    ['section headings', `${hits((sc) => sc.sectionF1 >= 0.85)}  mean F1 ${mean((sc) => sc.sectionF1)}`, 'F1 of top-level headings (loose keys); count: F1 >= 0.85'],
    ['abstract start', hits((sc) => sc.abstract), 'expected first sentence ~ same-length prefix, similarity >= 0.9'],
    ['language', hits((sc) => sc.language), 'en/zh exact'],
    ['text layer', `${detected}/${rows.length}  (no_text ${noText.filter((r) => !r.usable).length}/${noText.length})`, 'assessTextLayer usable == has_text_layer, all papers'],
  ];
}
