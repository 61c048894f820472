/**
 * Clean-up of extracted page text before any analysis: character repairs, stamps, running heads,
 * page numbers and end-of-line hyphenation. Line structure is kept (headings are found per line).
 */
import type { PageText } from '../types.ts';
import { buildVocabulary, dehyphenate } from './hyphenation.ts';
import { findRunningHeads } from './running-heads.ts';
import { arxivIdFromStamp, isDownloadStamp, isPageNumberLine } from './stamps.ts';
import { collapseCjkSpaces } from './text-utils.ts';

const LIGATURES: Record<string, string> = {
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': 'ft',
  '\ufb06': 'st',
};

/**
 * Words whose "ffi"/"ff" glyph pdf.js could not map: TeX fonts without a ToUnicode entry come out as
 * "di culty" or "e↵ort". Only these well-known shapes are repaired; nothing is guessed beyond them.
 */
const LOST_LIGATURES: Array<[RegExp, string]> = [
  [/(?<=\p{L})\u21b5(?=\p{L})/gu, 'ff'],
  [/\b([Dd])i cult/gu, '$1ifficult'],
  [/\b([Ee]) cien/gu, '$1fficien'],
  [/\b([Ss])u cien/gu, '$1ufficien'],
  [/\b([Cc])oe cien/gu, '$1oefficien'],
  [/\b([Oo]) cial/gu, '$1fficial'],
  [/\b([Aa]) liat/gu, '$1ffiliat'],
];

/** Character-level repairs on one line (no line structure changes). */
export function repairCharacters(text: string): string {
  let t = text.replace(/[\ufb00-\ufb06]/gu, (c) => LIGATURES[c] ?? c);
  if (/\u21b5| (?:cult|cien|cial|liat)/u.test(t)) for (const [re, to] of LOST_LIGATURES) t = t.replace(re, to);
  return (
    t
      .replace(/\u00ad/gu, '') // soft hyphen: a break opportunity, never text
      // Control characters and unmapped glyphs (pdf.js emits U+0002/U+0003 for some symbol fonts).
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd\u200b-\u200d\ufeff]/gu, '')
      .replace(/[\t\u00a0\u2000-\u200a\u202f\u3000]+/gu, ' ')
      .replace(/ {2,}/gu, ' ')
      .trim()
  );
}

/** A whole line of letter-spaced CJK ("摘 要", "参 考 文 献") is one word set wide for emphasis. */
function tidyLine(line: string): string {
  const t = repairCharacters(line);
  if (/^(?:[\u3400-\u9fff] ){1,12}[\u3400-\u9fff]$/u.test(t)) return t.replace(/ /gu, '');
  return t;
}

export interface CleanResult {
  pages: PageText[];
  /** arXiv id read from a margin stamp removed during clean-up, if any. */
  arxivStamp: string | null;
}

/** assessTextLayer and analyzePaper both clean the same extraction: do it once per pages array. */
const memo = new WeakMap<readonly PageText[], CleanResult>();

export function cleanPages(pages: readonly PageText[]): CleanResult {
  const known = memo.get(pages);
  if (known) return known;
  const result = clean(pages);
  memo.set(pages, result);
  return result;
}

function clean(pages: readonly PageText[]): CleanResult {
  let arxivStamp: string | null = null;
  const split = pages.map((p, pi) =>
    (p.text ?? '')
      .split(/\r?\n|\r/u)
      .map(tidyLine)
      .filter((l) => l.length > 0)
      .filter((l) => {
        const id = arxivIdFromStamp(l);
        // arXiv stamps page 1 only; a stamp-shaped line further on quotes another paper.
        if (id && pi === 0) arxivStamp ??= id;
        return !id && !isDownloadStamp(l);
      }),
  );

  const heads = findRunningHeads(split);
  const withoutFurniture = split.map((lines, p) => {
    const drop = heads[p] ?? new Set<number>();
    const kept = lines.filter((_, i) => !drop.has(i));
    // Page numbers only among the first and last lines, so numbers in tables survive.
    return kept.filter((l, i) => (i >= 3 && i < kept.length - 3) || !isPageNumberLine(l));
  });

  const vocab = buildVocabulary(withoutFurniture.flat());
  const cleaned = withoutFurniture.map((lines, i) => ({
    num: pages[i]?.num ?? i + 1,
    text: dehyphenate(lines, vocab).map((l) => collapseCjkSpacesInShortLine(l)).join('\n'),
  }));
  return { pages: cleaned, arxivStamp };
}

/** Short lines are labels, names and headings, where print letter-spacing is common. */
function collapseCjkSpacesInShortLine(line: string): string {
  return line.length <= 16 ? collapseCjkSpaces(line) : line;
}
