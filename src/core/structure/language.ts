/**
 * Language of the paper body: Chinese when CJK text dominates. Only runs of two or more CJK
 * characters count, because some fonts map single symbols to CJK code points (AIP's parentheses
 * come out as 共…兲 in some extractors); real Chinese text comes in runs.
 */
import type { Language } from '../types.ts';

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]{2,}/gu;
const LATIN_WORD = /[A-Za-z\u00c0-\u024f]{2,}/gu;

export interface ScriptCounts {
  /** Characters in runs of two or more CJK characters. */
  cjk: number;
  /** Latin words of two or more letters. */
  words: number;
}

export function scriptCounts(texts: readonly string[]): ScriptCounts {
  let cjk = 0;
  let words = 0;
  for (const t of texts) {
    for (const m of t.matchAll(CJK_RUN)) cjk += m[0].length;
    words += t.match(LATIN_WORD)?.length ?? 0;
  }
  return { cjk, words };
}

/** True when the text is mostly Chinese (or Japanese): then Latin letter statistics say nothing. */
export function isMostlyCjk(counts: ScriptCounts): boolean {
  // One Chinese character carries about as much as one English word; references and code inflate
  // the English side of a Chinese paper, so Chinese wins once it holds a fair share.
  return counts.cjk > 0 && counts.cjk >= 0.5 * counts.words;
}

export function detectLanguage(texts: readonly string[]): Language {
  return isMostlyCjk(scriptCounts(texts)) ? 'zh' : 'en';
}
