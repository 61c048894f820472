/**
 * Author lines: names separated by commas/"and"/markers, each name keeping the marks that tie it to
 * an affiliation. Thesis covers state the author with a label instead ("学生：李为", "Author: …").
 */
import { splitMarks, type FrontLine } from './front-lines.ts';
import { cleanName, isInstitution, isPersonName, nameCase } from './names.ts';
import { LINE_BREAK, splitTrimmed } from './text-utils.ts';

export interface AuthorEntry {
  name: string;
  marks: string[];
}

export interface ParsedNames {
  entries: AuthorEntry[];
  /** Fragments that were not names (an author line has few of these). */
  rejected: number;
  /** The line ends inside a name (no separator or mark after the last fragment). */
  openEnd: boolean;
  /** The first fragment is a lone capitalised word: the rest of a name broken over two lines. */
  leadingTail: string | null;
}

/** Name separators; the whitespace around them goes too (splitTrimmed). */
const SEPARATOR = /[,;，；、|]|\band\b|&/iu;
/** Society grades after a name ("Jane Roe, Senior Member, IEEE") describe the author, they are not authors. */
const GRADE = /\b(?:(?:senior|student|graduate student|life|associate)\s+)?(?:member|fellow)\s*(?:,\s*)?(?:ieee|acm|siam|osa|spie|aaai|iet|asme|aps)\b/giu;

/**
 * A middle initial whose period was read as a comma ("Daniel J, Edwards", OCR on typewriter text): a given name,
 * the initial, then one capitalised word that ends the name. A list of "Surname X" names ("Smith J, Doe K") keeps its commas.
 */
const COMMA_INITIAL = /(?<![\p{L}.])(\p{Lu}\p{Ll}{1,30} \p{Lu}),(?= \p{Lu}\p{Ll}{1,30}(?:$|\s*[,;&]|\s+and\b))/gu;

export function parseNames(line: FrontLine): ParsedNames {
  const entries: AuthorEntry[] = [];
  let rejected = 0;
  let leadingTail: string | null = null;
  let openEnd = false;
  let afterSeparator = true;
  line.parts.forEach((part, pi) => {
    if (part.sup) {
      const last = entries[entries.length - 1];
      if (last && !afterSeparator) last.marks.push(...splitMarks(part.text));
      openEnd = false;
      return;
    }
    // Chinese names are sometimes separated by spaces only ("张三 李四"); letter-spaced ones ("何 穗") are one name.
    const pieces = splitTrimmed(part.text.replace(GRADE, ',').replace(COMMA_INITIAL, '$1.'), SEPARATOR).flatMap((p) =>
      /^[\u3400-\u9fff]{2,4}(?:\s+[\u3400-\u9fff]{2,4})+$/u.test(p.trim()) ? p.trim().split(/\s+/u) : [p],
    );
    pieces.forEach((raw, i) => {
      const name = cleanName(raw);
      if (!name) return;
      if (pi === 0 && i === 0 && entries.length === 0 && /^\p{Lu}[\p{Ll}'’-]+$/u.test(name) && !isInstitution(name)) {
        leadingTail = name;
        entries.push({ name, marks: [] });
        return;
      }
      if (isPersonName(name)) entries.push({ name: nameCase(name), marks: [] });
      else rejected++;
    });
    afterSeparator = /(?:[,;，；、|&]|\band)\s*$/iu.test(part.text);
    openEnd = !afterSeparator;
  });
  return { entries, rejected, openEnd, leadingTail };
}

/** True when the fragments are mostly names: the line is an author line. */
export function isAuthorLine(parsed: ParsedNames): boolean {
  const named = parsed.entries.filter((e) => e.name !== parsed.leadingTail).length;
  return named >= 1 && parsed.rejected <= Math.floor(named / 3);
}

/** Labelled authors on thesis covers and forms. Supervisors are never authors. */
const AUTHOR_LABEL =
  /^(?:学\s*生|作\s*者|姓\s*名|研\s*究\s*生|申\s*请\s*人|学生姓名|作者姓名|author(?:\(s\))?|student|candidate|undergraduate|submitted by)\s*[:：]/imu;

export function labelledAuthors(text: string): string[] {
  const m = AUTHOR_LABEL.exec(text);
  if (!m) return [];
  // The value starts at the first non-space after the label (it may sit on the next line) and ends with its line.
  const rest = text.slice(m.index + m[0].length).trimStart();
  const value = rest.slice(0, LINE_BREAK.exec(rest)?.index ?? rest.length);
  return splitTrimmed(value, /[,;，；、]|\band\b/iu)
    .map(cleanName)
    .filter((n) => n.length >= 2 && n.length <= 40);
}
