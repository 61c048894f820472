/**
 * Is the text layer worth summarizing? A scan gives no text (or only stamps and page markers);
 * a font without a usable Unicode mapping gives control characters, replacement characters,
 * letters of unrelated scripts, rare ideographs or letter soup (page-quality.ts scores each page).
 * A paper whose front pages are unreadable is never summarized from that text: the title, authors
 * and abstract would be nonsense. The reasons are plain words; error-messages.ts quotes them.
 */
import type { ExtractedPdf } from '../types.ts';
import { cleanPages } from './clean-text.ts';
import { isMostlyCjk, scriptCounts } from './language.ts';
import { lookAlikeShare } from './look-alikes.ts';
import { latinWordShapes, pageQuality, type GarbledBy, type PageQuality } from './page-quality.ts';

const MIN_LETTERS_PER_PAGE = 40;
const MIN_LETTERS_TOTAL = 120;
/** The front pages: the first pages with text (a scanned cover or a blank page does not count). */
const FRONT_PAGES = 3;

export interface TextLayerVerdict {
  usable: boolean;
  /** Why not, in plain words that complete "This PDF has no usable text layer: …". */
  reason: string | null;
}

/** Characters that mean "the extractor could not map this glyph". */
const BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff]/gu;

const GARBLED = 'its text layer is garbled (its fonts do not map to real characters)';
export const NO_TEXT_REASONS = {
  scanned: 'it looks scanned (its pages are images, with no text layer)',
  almostEmpty: 'it looks scanned (its pages hold almost no text)',
  unmapped: 'its text layer is garbled (its fonts map most glyphs to no character at all)',
  lookAlike: 'its text layer is garbled (its fonts map letters to look-alike characters)',
  letterSoup: GARBLED,
  rareHanzi: 'its text layer is garbled (its fonts map to rare Chinese characters, not the ones printed)',
  fragments: 'its text layer is broken into letter fragments (a poor OCR layer, or fonts that do not map to real characters)',
} as const;

const scriptsReason = (strays: readonly string[]) =>
  `its text layer is garbled (its fonts map to characters of scripts that do not belong together${strays.length ? `: ${strays.slice(0, 3).join(', ')}` : ''})`;

function garbledReason(by: GarbledBy, pages: readonly PageQuality[]): string {
  if (by === 'unmapped') return NO_TEXT_REASONS.unmapped;
  if (by === 'scripts') return scriptsReason(pages.find((p) => p.by === 'scripts')?.strays ?? []);
  if (by === 'rare_hanzi') return NO_TEXT_REASONS.rareHanzi;
  if (by === 'fragments') return NO_TEXT_REASONS.fragments;
  return NO_TEXT_REASONS.letterSoup;
}

/** Share of Latin tokens (3+ letters) that look like words (have a vowel, sane case), for letter-soup detection. */
function wordLikeShare(text: string): { share: number; tokens: number } {
  const { tokens, shaped } = latinWordShapes(text);
  return tokens === 0 ? { share: 1, tokens: 0 } : { share: shaped / tokens, tokens };
}

/** Letters and digits (code points of \p{L} or \p{N}): what is left once everything else is removed. */
function lettersAndDigits(text: string): number {
  const kept = text.replace(/[^\p{L}\p{N}]+/gu, '');
  return kept.length - (kept.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

/** Scores of every extracted page, in page order (for the check below and for benchmarks). */
export function pageQualities(pdf: ExtractedPdf): PageQuality[] {
  return (pdf.pages ?? []).map((p) => pageQuality(p.text ?? ''));
}

/**
 * The front pages' verdict: unreadable when most of the first FRONT_PAGES pages with text are
 * garbled. The most common cause among them names the reason.
 */
function frontPagesGarbled(pages: readonly PageQuality[]): GarbledBy | null {
  const front = pages.filter((p) => p.verdict !== 'empty').slice(0, FRONT_PAGES);
  const garbled = front.filter((p) => p.verdict === 'garbled');
  if (front.length === 0 || garbled.length * 2 <= front.length) return null;
  const tally = new Map<GarbledBy, number>();
  for (const p of garbled) tally.set(p.by!, (tally.get(p.by!) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1])[0]![0];
}

/** @param qualities the pages' scores, when the caller has them already (pageQualities of the same pdf). */
export function assessTextLayer(pdf: ExtractedPdf, qualities: readonly PageQuality[] = pageQualities(pdf)): TextLayerVerdict {
  const raw = (pdf.pages ?? []).map((p) => p.text ?? '').join('\n');
  const nonSpace = raw.replace(/\s+/gu, '');
  const bad = nonSpace.match(BAD)?.length ?? 0;
  if (nonSpace.length > 0 && bad / nonSpace.length > 0.2) return { usable: false, reason: NO_TEXT_REASONS.unmapped };

  // Count what is left after stamps, running heads and page numbers: a scan with a download stamp has none.
  const cleaned = cleanPages(pdf.pages ?? []).pages.map((p) => p.text).join('\n');
  const letters = lettersAndDigits(cleaned);
  const pageCount = Math.max(1, pdf.pages?.length ?? 0);
  if (letters < MIN_LETTERS_TOTAL || letters / pageCount < MIN_LETTERS_PER_PAGE) {
    return { usable: false, reason: letters === 0 ? NO_TEXT_REASONS.scanned : NO_TEXT_REASONS.almostEmpty };
  }
  const odd = lookAlikeShare(cleaned);
  if (odd.words >= 50 && odd.share > 0.2) return { usable: false, reason: NO_TEXT_REASONS.lookAlike };
  const garbled = frontPagesGarbled(qualities);
  if (garbled) return { usable: false, reason: garbledReason(garbled, qualities) };
  const { share, tokens } = wordLikeShare(cleaned);
  if (tokens >= 50 && share < 0.5 && !isMostlyCjk(scriptCounts([cleaned]))) return { usable: false, reason: NO_TEXT_REASONS.letterSoup };
  return { usable: true, reason: null };
}
