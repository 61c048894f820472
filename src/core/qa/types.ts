/** Plain data for questions about a paper: page-tagged chunks kept with the summary, and answers that cite pages. */
import type { Language } from '../types.ts';

/** A passage of the paper that never crosses a page, so a citation to it is exact. */
export interface PaperChunk {
  page: number;
  text: string;
}

/** What is kept per paper (by sha256) so questions can be answered later. */
export interface PaperIndex {
  sha256: string;
  title: string | null;
  language: Language;
  chunks: PaperChunk[];
}

export interface Passage {
  page: number;
  text: string;
}

export interface QaAnswer {
  /** answer: the model answered with valid page citations; passages: best passages (no model);
   *  not_found: the paper does not answer the question. */
  kind: 'answer' | 'passages' | 'not_found';
  /** The answer text with only valid `[p. N]` citations left in it (empty for passages/not_found). */
  text: string;
  /** Pages cited (answer) or shown (passages), ascending. */
  pages: number[];
  /** The retrieved passages the answer rests on (what was sent to the model, or shown). */
  passages: Passage[];
}
