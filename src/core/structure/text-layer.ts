/**
 * Is the text layer worth summarizing? A scan gives no text (or only stamps and page markers);
 * a font without a usable Unicode mapping gives control characters, replacement characters or
 * letter soup. Either way the user must run OCR first.
 */
import type { ExtractedPdf } from '../types.ts';
import { cleanPages } from './clean-text.ts';
import { isMostlyCjk, scriptCounts } from './language.ts';
import { lookAlikeShare } from './look-alikes.ts';

const MIN_LETTERS_PER_PAGE = 40;
const MIN_LETTERS_TOTAL = 120;

/** Characters that mean "the extractor could not map this glyph". */
const BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff]/gu;

/** Share of Latin tokens that look like words (have a vowel, sane case), for letter-soup detection. */
function wordLikeShare(text: string): { share: number; tokens: number } {
  const tokens = text.match(/[A-Za-z]{3,}/gu) ?? [];
  if (tokens.length === 0) return { share: 1, tokens: 0 };
  const good = tokens.filter((t) => /[aeiouyAEIOUY]/u.test(t) && /^(?:[A-Z]?[a-z]+|[A-Z]+)$/u.test(t)).length;
  return { share: good / tokens.length, tokens: tokens.length };
}

export function assessTextLayer(pdf: ExtractedPdf): { usable: boolean; reason: string | null } {
  const raw = (pdf.pages ?? []).map((p) => p.text ?? '').join('\n');
  const nonSpace = raw.replace(/\s+/gu, '');
  const bad = nonSpace.match(BAD)?.length ?? 0;
  if (nonSpace.length > 0 && bad / nonSpace.length > 0.2) return { usable: false, reason: 'the text layer is mostly unmapped glyphs' };

  // Count what is left after stamps, running heads and page numbers: a scan with a download stamp has none.
  const cleaned = cleanPages(pdf.pages ?? []).pages.map((p) => p.text).join('\n');
  const letters = cleaned.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const pages = Math.max(1, pdf.pages?.length ?? 0);
  if (letters < MIN_LETTERS_TOTAL || letters / pages < MIN_LETTERS_PER_PAGE) {
    return { usable: false, reason: letters === 0 ? 'no text layer (scanned image?)' : 'almost no text in the text layer (scanned image?)' };
  }
  const odd = lookAlikeShare(cleaned);
  if (odd.words >= 50 && odd.share > 0.2) return { usable: false, reason: 'the text layer uses look-alike characters (fonts without a text mapping)' };
  const { share, tokens } = wordLikeShare(cleaned);
  if (!isMostlyCjk(scriptCounts([cleaned])) && tokens >= 50 && share < 0.5) return { usable: false, reason: 'the text layer is garbled (fonts without a text mapping)' };
  return { usable: true, reason: null };
}
