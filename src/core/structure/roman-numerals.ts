/**
 * OCR reads the capital I of a roman numeral as a digit one or a small l ("LISP 11" for "LISP II"). Whether "11"
 * is a number or a numeral cannot be told from the title alone ("Apollo 11"), so the page decides: the numeral is
 * restored only when the text elsewhere prints the same word followed by that numeral.
 */

/** A token of ones and ls, two or three long, after a word: what OCR makes of "II" and "III". */
const CONFUSED = /(?<=(\p{L}{2,40}) )[1lI|]{2,3}(?![\p{L}\p{N}])/gu;

export function restoreRomanNumerals(title: string, text: string): string {
  return title.replace(CONFUSED, (token, word: string) => {
    if (/^I+$/u.test(token)) return token;
    const numeral = 'I'.repeat(token.length);
    // The word and numeral as a whole phrase elsewhere on the page ("LISP II will be able to …").
    const printed = new RegExp(`(?<![\\p{L}\\p{N}])${word} ${numeral}(?![\\p{L}\\p{N}])`, 'u');
    return printed.test(text) ? numeral : token;
  });
}
