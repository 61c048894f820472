/**
 * Series labels of reports and memos ("A.I. Memo No. 19", "Technical Report TR-2003-12", "Memo 19--"): they number
 * the document, they are never its title. Typewritten memos run the label into the title line with dashes
 * ("Memo 19--LISP II Garbage Collector"), so a label before a separator is cut off the title.
 */

/** The number of a label: "19", "AIM-019", "TR-2003-12", "95.3a". */
const NUMBER = String.raw`(?:[a-z]{1,4}-?)?\d{1,6}(?:[./-]\d{1,6}){0,3}[a-z]?(?=$|[\s\-–—~:.,])`;
const NO = String.raw`(?:no\.?\s{0,3}|number\s{1,3}|#\s{0,3})`;
/**
 * The label: a memo and its number ("Memo 19", "A.I. Memo No. 19"); a report or note only with an issuer word or a
 * "No." ("Technical Report 5", "Report No. 5"), since "Report 2030: …" may well be a title. Bounded pieces.
 */
const LABEL = new RegExp(
  String.raw`^(?:(?:(?:a\.\s?i\.|ai|mit)\s{1,3})?memo(?:randum)?\s{1,3}${NO}?|(?:technical|tech\.|research|internal)\s{1,3}(?:report|note|memo(?:randum)?)\s{1,3}${NO}?|(?:report|note)\s{1,3}${NO})${NUMBER}`,
  'iu',
);
/** What may follow the label on its own line: a date or punctuation, nothing with words. */
const LABEL_TAIL = /^[\s\p{P}\p{N}]*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\p{P}\p{N}]*)?$/iu;
/** Between a label and the title it is run into: dashes (OCR reads a typewriter's "--" as "-~"), a colon, a period. */
const SEPARATOR = /^\s{0,3}[-–—~:.]{1,3}\s*/u;

/** True when the line is only a series label (perhaps with a date). */
export function isReportLabel(line: string): boolean {
  const m = LABEL.exec(line.trim());
  return !!m && LABEL_TAIL.test(line.trim().slice(m[0].length));
}

/** The title without a series label run into it ("Memo 19--LISP II Garbage Collector" → "LISP II Garbage Collector"). */
export function withoutReportLabel(title: string): string {
  const m = LABEL.exec(title.trim());
  if (!m) return title;
  const rest = title.trim().slice(m[0].length);
  const sep = SEPARATOR.exec(rest);
  if (!sep) return title;
  const out = rest.slice(sep[0].length).trim();
  // What is left must still read as a title: a word of three letters and some length.
  return out.replace(/\s/gu, '').length >= 6 && /\p{L}{3}/u.test(out) ? out : title;
}
