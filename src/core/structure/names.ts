/**
 * What a front-matter fragment is: a person's name, an institution, or neither. Used on author and
 * affiliation lines after markers have been split off. Deliberately conservative: a fragment with a
 * lower-case content word or an institution word is never a name.
 */
import { composeAccents } from './accents.ts';
import { splitTrimmed } from './text-utils.ts';

/** Words that make a fragment an institution (several languages, Chinese suffixes); Unicode word edges, as \b misses "Université". */
const INSTITUTION =
  /(?<![\p{L}\p{N}])(?:universit(?:y|ies|é|e|ä|at|ät|à|ad|ade|eit|et)|univ\.?|institut(?:e|o|ion)?|college|school|department|dept\.?|faculty|laborator(?:y|ies|ire|io|orio)|labs?|cent(?:er|re|ro)|academy|academia|corporation|corp\.?|inc\.?|ltd\.?|gmbh|company|research|hospital|clinic|foundation|ministry|agency|council|cnrs|inria|google|microsoft|facebook|meta ai|deepmind|nvidia|ibm|amazon|openai|society|association|organi[sz]ation|observatory|museum|consortium|polytechnic|politecnico|escuela|dipartimento|departamento|facultad|hochschule|ecole|école)(?![\p{L}\p{N}])|大学|学院|研究所|研究院|实验室|医院|公司|中心|学校|科学院/iu;

/** Particles that may appear in lower case inside a Latin name. */
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'del', 'della', 'du', 'la', 'le', 'dos', 'das', 'bin', 'ibn', 'al', 'el', 'y', 'e', 'ter', 'zu', 'vande', 'vander', 'vanden']);

/** Front-matter words that look like capitalised names but are not (also countries and disciplines on affiliation lines). */
const NOT_NAME_WORDS =
  /\b(?:abstract|introduction|keywords?|index|terms|email|e-mail|mail|received|accepted|published|journal|proceedings|vol|volume|conference|workshop|review|article|letter|access|open|preprint|copyright|license|correspondence|corresponding|author|authors|equal|contribution|editor|department|university|supplementary|figure|table|the|of|for|and|in|on|at|with|by|to|from|member|ieee|fellow|senior|student|arxiv|doi|kingdom|states|republic|emirates|science|sciences|engineering)\b/iu;

export function isInstitution(text: string): boolean {
  return INSTITUTION.test(text);
}

/** Initials ("R.J.", "RJ.") directly followed by a capitalised word. */
const GLUED_INITIALS = /(?<![\p{L}.])((?:\p{Lu}\.){1,4}|\p{Lu}{2}\.)(?=\p{Lu}\p{Ll})/gu;

/** Removes markers, digits, brackets and stray punctuation around a name fragment. */
export function cleanName(raw: string): string {
  return composeAccents(raw)
    // OCR reads superscript markers as quotes, question marks or degree signs glued to the name ("Okafor”", "Reyes?").
    .replace(/(?<=\p{L})[”“’'?°¹²³⁴⁵⁶⁷⁸⁹⁰]+(?=[\s,;]|$)/gu, '')
    .replace(/[\d∗*†‡§¶#$+♦♣♠♥✉⋆★•·,;:()[\]{}|^]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    // Initials run into the surname ("R.J.Severens", OCR's "RJ.Severens"): a space after the last one.
    .replace(GLUED_INITIALS, '$1 ')
    .replace(/^(?:and|&|by)\s+/iu, '')
    .replace(/ (?:and|&)$/iu, '') // whitespace is single spaces by now
    .trim()
    .replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/gu, '');
}

/** True for "Daniel S. Weld", "J.-C. Girard", "LU Hai-xiao", "Ludwig van Beethoven", "卢海啸". */
export function isPersonName(name: string): boolean {
  if (/^[\u3400-\u9fff·]{2,5}$/u.test(name)) return !isInstitution(name) && !/^(?:摘要|关键词|引言|前言|目录|绪论|作者|单位|学院)$/u.test(name);
  if (name.length < 3 || name.length > 50 || /[@\d/\\]/u.test(name) || NOT_NAME_WORDS.test(name) || isInstitution(name)) return false;
  const tokens = name.split(' ');
  if (tokens.length < 2 || tokens.length > 6) return false;
  let words = 0;
  for (const t of tokens) {
    if (PARTICLES.has(t)) continue;
    if (/^\p{Lu}\.(?:-?\p{Lu}\.)*$/u.test(t) || /^\p{Lu}$/u.test(t)) continue; // initials: "S.", "J.-C.", "G"
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(t)) return false;
    words++;
  }
  return words >= 1;
}

/**
 * Names set in capitals ("ADA LOVELACE") in the usual case; mixed-case names ("LU Hai-xiao") stay as printed. Small
 * capitals read by OCR come out nearly all capitals with a stray small letter ("PrIILIPPE FLAJOLET"): a name with
 * at most one small letter in four capitals is taken as set in capitals.
 */
export function nameCase(name: string): string {
  const lower = name.match(/\p{Ll}/gu)?.length ?? 0;
  const upper = name.match(/\p{Lu}/gu)?.length ?? 0;
  if (!/\p{Lu}{2}/u.test(name) || lower * 4 > upper) return name;
  return name.toLowerCase().replace(/(?<![\p{L}])\p{Ll}/gu, (c) => c.toUpperCase());
}

/**
 * Splits an author line into name fragments on commas, "and", "&", semicolons and CJK separators.
 * Markers must already be removed or turned into separators by the caller.
 */
export function splitNames(line: string): string[] {
  return splitTrimmed(line, /[,;，；、|]|\band\b|&/iu)
    .map(cleanName)
    .filter((s) => s.length > 0);
}
