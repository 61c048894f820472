/**
 * Look-alike text: a font without a Unicode map can come out as characters that resemble letters
 * but are not the words printed - Latin words with Cyrillic/Greek letters mixed in, or letters from
 * the Mathematical Alphanumeric block or a private-use plane. Prose never looks like that in most of
 * its words, so a high share of such words means the text layer needs OCR.
 */

/** A word mixing Latin with Cyrillic or Greek letters ("pаper" with a Cyrillic а). */
const MIXED_SCRIPT = /^(?=.*\p{Script=Latin})(?=.*[\p{Script=Cyrillic}\p{Script=Greek}])/u;
/** Mathematical alphanumerics (U+1D400-1D7FF) and the supplementary private-use planes. */
const ODD_LETTER = /[\u{1d400}-\u{1d7ff}\u{f0000}-\u{10fffd}]/u;

/** A letter that can make a word a look-alike: Cyrillic, Greek or an odd letter (most papers have none). */
const SUSPECT = /[\p{Script=Cyrillic}\p{Script=Greek}\u{1d400}-\u{1d7ff}\u{f0000}-\u{10fffd}]/u;
const WORD = /[\p{L}\u{1d400}-\u{1d7ff}\u{f0000}-\u{10fffd}]{3,}/gu;

/** Share of words (3+ letter-like characters) that are look-alikes, and how many words there were. */
export function lookAlikeShare(text: string): { share: number; words: number } {
  let words = 0;
  let odd = 0;
  // Without a suspect letter no word is odd: the words are only counted, not tested one by one.
  const suspect = SUSPECT.test(text);
  for (const m of text.matchAll(WORD)) {
    words++;
    if (suspect && (MIXED_SCRIPT.test(m[0]) || ODD_LETTER.test(m[0]))) odd++;
  }
  return { share: words === 0 ? 0 : odd / words, words };
}
