/**
 * Spacing accents left next to their letter. TeX sets an accent as its own glyph, so the text layer
 * gives "Herv´e" or "Matevzˇ" instead of "Hervé" / "Matevž"; a name with a loose accent is no name.
 */

/** Spacing accent → combining mark. */
const COMBINING: Record<string, string> = {
  '\u00b4': '\u0301', // ´ acute
  '\u02dd': '\u030b', // ˝ double acute
  '\u02c6': '\u0302', // ˆ circumflex
  '\u02dc': '\u0303', // ˜ tilde
  '\u00a8': '\u0308', // ¨ diaeresis
  '\u02c7': '\u030c', // ˇ caron
  '\u00b8': '\u0327', // ¸ cedilla
  '\u02d8': '\u0306', // ˘ breve
  '\u02da': '\u030a', // ˚ ring
  '\u00af': '\u0304', // ¯ macron
  '\u02d9': '\u0307', // ˙ dot above
  '\u02db': '\u0328', // ˛ ogonek
};
const ACCENT = /[\u00b4\u02dd\u02c6\u02dc\u00a8\u02c7\u00b8\u02d8\u02da\u00af\u02d9\u02db]/u;
const LOOSE = new RegExp(`(\\p{L}?)(${ACCENT.source})(\\p{L}?)`, 'gu');

/** The letter with the accent when they make one precomposed character, else null. */
function compose(letter: string, accent: string): string | null {
  if (!letter) return null;
  const out = (letter + (COMBINING[accent] ?? '')).normalize('NFC');
  return [...out].length === 1 ? out : null;
}

/**
 * Puts loose accents on their letter: on the following one when they combine ("Herv´e"), else on the
 * preceding one ("Matevzˇ", "Alesˇ"). An accent that fits neither is dropped.
 */
export function composeAccents(text: string): string {
  if (!ACCENT.test(text)) return text;
  return text.replace(LOOSE, (_m, before: string, accent: string, after: string) => {
    const next = compose(after, accent);
    if (next) return before + next;
    const prev = compose(before, accent);
    return prev ? prev + after : before + after;
  });
}
