/**
 * How readable one page's text layer is. A font whose glyphs have no (or a wrong) Unicode map
 * does not give "no text": it gives characters, just not the printed ones: unmapped glyphs
 * (U+FFFD, private use, control codes), letters of scripts that never meet in one paper (Armenian,
 * Arabic and Cyrillic inside a Chinese thesis), rare ideographs instead of common ones, a letter
 * cipher with no real words, or the one- and two-letter fragments of a poor OCR layer. Each
 * measure is a share over the page, so one formula or one foreign name cannot tip it.
 * Time and memory are linear in the page text: one pass over the characters, one over the words.
 */
import { COMMON_HANZI } from './common-hanzi.ts';
import { COMMON_WORDS } from './common-words.ts';

export type PageVerdict = 'readable' | 'empty' | 'garbled';
/** Why a page is garbled: each becomes its own plain-words reason. */
export type GarbledBy = 'unmapped' | 'scripts' | 'rare_hanzi' | 'not_words' | 'fragments';

export interface PageQuality {
  verdict: PageVerdict;
  /** Set when verdict is 'garbled'. */
  by: GarbledBy | null;
  /** Non-space characters. */
  chars: number;
  /** Letters (any script, not digits or symbols). */
  letters: number;
  /** Share of non-space characters that are unmapped glyphs. */
  unmapped: number;
  /** Share of letters in scripts other than Latin, Greek and the page's own main script. */
  strayScripts: number;
  /** The stray scripts, biggest first. */
  strays: string[];
  /** Share of ideographs in the frequently used sets; null with too few ideographs to judge. */
  commonHanzi: number | null;
  /** Share of Latin words that are common English words; null with too few words. */
  englishWords: number | null;
  /** Share of Latin words shaped like words of any Latin-script language (a vowel, sane case). */
  wordShaped: number | null;
  /** Share of Latin words that are 1-2 letter fragments other than real short words. */
  fragments: number | null;
}

/** Fewer letters than this and the page is empty (a figure page, a scan with a stamp). */
export const PAGE_MIN_LETTERS = 40;
/** Enough ideographs / Latin words on a page to judge their shares. */
const MIN_HANZI = 40;
const MIN_WORDS = 30;

// The bars. Real papers measured over both shared sets (README "What it reads"): unmapped 0-1%,
// stray scripts 0-1%, common ideographs >= 97%, English words >= 45% on English pages, fragments
// <= 20% even on formula pages. Each bar leaves a wide margin on both sides.
const MAX_UNMAPPED = 0.2;
const MAX_STRAY = 0.1;
const MIN_COMMON_HANZI = 0.75;
const MIN_ENGLISH = 0.15;
/** Below this share of English words a Latin-script page is a cipher whatever its word shapes. */
const MIN_ENGLISH_ANY = 0.08;
const MIN_WORD_SHAPED = 0.5;
const MAX_FRAGMENTS = 0.6;
/** Latin statistics say nothing on a Chinese or Japanese page (a table, the references). */
const MAX_EAST_ASIAN_FOR_LATIN = 0.05;

const WORDS = new Set(COMMON_WORDS.split(' ').filter(Boolean));
const SHORT_WORDS = new Set([...WORDS].filter((w) => w.length <= 2));
/** Code points, so that a page's ideographs are looked up without making a string of each. */
const HANZI = new Set(Array.from(COMMON_HANZI, (c) => c.codePointAt(0)!));

type Script = 'latin' | 'greek' | 'cyrillic' | 'armenian' | 'hebrew' | 'arabic' | 'han' | 'kana' | 'hangul' | 'other';

const SCRIPT_NAMES: Record<Script, string> = {
  latin: 'Latin',
  greek: 'Greek',
  cyrillic: 'Cyrillic',
  armenian: 'Armenian',
  hebrew: 'Hebrew',
  arabic: 'Arabic',
  han: 'Chinese',
  kana: 'Japanese kana',
  hangul: 'Korean',
  other: 'other scripts',
};

const LETTER = /\p{L}/u;

/** Script of a letter by code point block (a table lookup per character, no regex on the hot path). */
function scriptOf(cp: number): Script | null {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 'latin' : null;
  if ((cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0xff21 && cp <= 0xff5a)) return 'latin';
  if ((cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 'greek';
  if (cp >= 0x400 && cp <= 0x52f) return 'cyrillic';
  if (cp >= 0x530 && cp <= 0x58f) return 'armenian';
  if (cp >= 0x590 && cp <= 0x5ff) return 'hebrew';
  if ((cp >= 0x600 && cp <= 0x6ff) || (cp >= 0x750 && cp <= 0x77f) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff)) return 'arabic';
  if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff)) return 'han';
  if (cp >= 0x3040 && cp <= 0x30ff) return 'kana';
  if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff)) return 'hangul';
  // Mathematical alphanumerics are formula letters; look-alikes.ts judges them.
  if (cp >= 0x1d400 && cp <= 0x1d7ff) return null;
  return LETTER.test(String.fromCodePoint(cp)) ? 'other' : null;
}

const isUnmapped = (cp: number) =>
  (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;

/** Chinese, Japanese and Korean count as one writing system: they mix on real pages. */
const EAST_ASIAN = new Set<Script>(['han', 'kana', 'hangul']);

const share = (part: number, whole: number, min: number) => (whole >= min ? part / whole : null);

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isVowel = (c: number) => c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75 || c === 0x79;

/** Shaped like a word: a vowel, and all lower case, capitalized or all capitals ("paper", "Paper", "PAPER"). */
function wordShaped(text: string, from: number, to: number): boolean {
  let upper = 0;
  let vowel = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isUpper(c)) upper++;
    vowel ||= isVowel(c | 0x20);
  }
  return vowel && (upper === 0 || upper === to - from || (upper === 1 && isUpper(text.charCodeAt(from))));
}

/** Each maximal run of ASCII letters, as from..to offsets: one scan of the character codes, no match objects. */
function eachAsciiWord(text: string, visit: (from: number, to: number) => void): void {
  for (let i = 0; i < text.length; ) {
    if (!isUpper(text.charCodeAt(i)) && !isLower(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && (isUpper(text.charCodeAt(end)) || isLower(text.charCodeAt(end)))) end++;
    visit(i, end);
    i = end;
  }
}

/** Latin-script word statistics. Words are maximal runs of ASCII letters. */
function latinWords(text: string): { total: number; english: number; shaped: number; fragments: number } {
  let total = 0;
  let english = 0;
  let shaped = 0;
  let fragments = 0;
  eachAsciiWord(text, (from, to) => {
    const lower = text.slice(from, to).toLowerCase();
    total++;
    if (to - from <= 2) {
      if (SHORT_WORDS.has(lower)) {
        english++;
        shaped++;
      } else fragments++;
      return;
    }
    if (WORDS.has(lower)) english++;
    if (wordShaped(text, from, to)) shaped++;
  });
  return { total, english, shaped, fragments };
}

/** Runs of three or more ASCII letters, and how many of them are shaped like words (see wordShaped). */
export function latinWordShapes(text: string): { tokens: number; shaped: number } {
  let tokens = 0;
  let shaped = 0;
  eachAsciiWord(text, (from, to) => {
    if (to - from < 3) return;
    tokens++;
    if (wordShaped(text, from, to)) shaped++;
  });
  return { tokens, shaped };
}

const SCRIPTS: readonly Script[] = ['latin', 'greek', 'cyrillic', 'armenian', 'hebrew', 'arabic', 'han', 'kana', 'hangul', 'other'];
const SCRIPT_INDEX = new Map(SCRIPTS.map((s, i) => [s, i]));

export function pageQuality(text: string): PageQuality {
  // Counts per script, and the scripts in the order first seen (ties among scripts keep that order).
  const tally = new Array<number>(SCRIPTS.length).fill(0);
  const seen: number[] = [];
  let nonSpace = 0;
  let unmapped = 0;
  let hanzi = 0;
  let commonHanzi = 0;
  // By code point (a surrogate pair is one character; a lone surrogate is a character of no script).
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d || cp === 0xa0 || cp === 0x3000) continue;
    nonSpace++;
    if (isUnmapped(cp)) {
      unmapped++;
      continue;
    }
    const script = scriptOf(cp);
    if (!script) continue;
    const k = SCRIPT_INDEX.get(script)!;
    const before = tally[k] ?? 0;
    tally[k] = before + 1;
    if (before === 0) seen.push(k);
    if (script === 'han') {
      hanzi++;
      if (HANZI.has(cp)) commonHanzi++;
    }
  }
  const counts = new Map<Script, number>(seen.map((k) => [SCRIPTS[k]!, tally[k]!]));
  const letters = [...counts.values()].reduce((a, b) => a + b, 0);

  // The page's own non-Latin script: East Asian as a whole, else the biggest other one.
  const eastAsian = [...EAST_ASIAN].reduce((a, s) => a + (counts.get(s) ?? 0), 0);
  const others = [...counts].filter(([s]) => s !== 'latin' && s !== 'greek' && !EAST_ASIAN.has(s)).sort((a, b) => b[1] - a[1]);
  const main: Script | 'east_asian' | null = eastAsian > 0 && eastAsian >= (others[0]?.[1] ?? 0) ? 'east_asian' : (others[0]?.[0] ?? null);
  const stray = [...counts].filter(([s]) => s !== 'latin' && s !== 'greek' && s !== main && !(main === 'east_asian' && EAST_ASIAN.has(s)));
  const strayLetters = stray.reduce((a, [, n]) => a + n, 0);

  const words = latinWords(text);
  const q: PageQuality = {
    verdict: 'readable',
    by: null,
    chars: nonSpace,
    letters,
    unmapped: nonSpace ? unmapped / nonSpace : 0,
    strayScripts: letters ? strayLetters / letters : 0,
    strays: stray.sort((a, b) => b[1] - a[1]).map(([s]) => SCRIPT_NAMES[s]),
    commonHanzi: share(commonHanzi, hanzi, MIN_HANZI),
    englishWords: share(words.english, words.total, MIN_WORDS),
    wordShaped: share(words.shaped, words.total, MIN_WORDS),
    fragments: share(words.fragments, words.total, MIN_WORDS),
  };
  q.by = garbledBy(q, { strayLetters, latinShare: letters ? (counts.get('latin') ?? 0) / letters : 0, eastAsianShare: letters ? eastAsian / letters : 0 });
  q.verdict = q.by ? 'garbled' : letters < PAGE_MIN_LETTERS ? 'empty' : 'readable';
  return q;
}

function garbledBy(q: PageQuality, more: { strayLetters: number; latinShare: number; eastAsianShare: number }): GarbledBy | null {
  // Judged on characters, not letters: a page of unmapped glyphs may have no letters at all.
  if (q.unmapped > MAX_UNMAPPED && q.chars >= PAGE_MIN_LETTERS) return 'unmapped';
  if (q.letters < PAGE_MIN_LETTERS) return null;
  if (q.strayScripts > MAX_STRAY && more.strayLetters >= 20) return 'scripts';
  if (q.commonHanzi !== null && q.commonHanzi < MIN_COMMON_HANZI) return 'rare_hanzi';
  // Latin-script statistics only where Latin is most of the page and no Chinese is on it.
  if (more.latinShare < 0.5 || more.eastAsianShare > MAX_EAST_ASIAN_FOR_LATIN) return null;
  // A table or formula page has many one-letter symbols too, but still common words between them.
  if (q.fragments !== null && q.fragments > MAX_FRAGMENTS && q.englishWords !== null && q.englishWords < MIN_ENGLISH) return 'fragments';
  // A font whose codes map to the wrong letters reads as a cipher: almost no English words (German,
  // French or Spanish prose still has 14-25% of them: "in", "a", "so" and shared technical words),
  // or few English words and few words shaped like words of any language.
  if (q.englishWords !== null && q.englishWords < MIN_ENGLISH_ANY) return 'not_words';
  if (q.englishWords !== null && q.englishWords < MIN_ENGLISH && q.wordShaped !== null && q.wordShaped < MIN_WORD_SHAPED) return 'not_words';
  return null;
}
