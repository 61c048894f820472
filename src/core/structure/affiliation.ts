/**
 * Affiliations and which one belongs to the first author. Marks link them ("Cohan†" ↔
 * "†Allen Institute…", "卢海啸1,2" ↔ "(1. 玉林师范学院…"); without marks the first block after
 * the authors is taken; IEEE papers state it in a footnote ("… are with The Johns Hopkins University").
 */
import { composeAccents } from './accents.ts';
import { splitMarks, type FrontLine } from './front-lines.ts';
import { isInstitution } from './names.ts';
import { trimEndWhere, trimStartWhere } from './text-utils.ts';

export interface AffiliationEntry {
  marks: string[];
  text: string;
}

const EMAIL_LABEL = /(?:e-?mail|email|电子邮箱|邮箱)\s*[:：]/iu;
const EDGE = /[,;，；.\s]/u;

/** Start of the first word with an '@' inside it ("name@host"), or -1. */
function emailWordStart(t: string): number {
  for (const m of t.matchAll(/\S+/gu)) {
    const at = m[0].indexOf('@', 1);
    if (at >= 1 && at <= m[0].length - 2) return m.index;
  }
  return -1;
}

/**
 * Strips brackets, e-mail tails and trailing punctuation. The tails are found by their start and cut with the
 * whitespace and bracket before them (a leading `\s*` in the pattern would rescan every whitespace run).
 */
export function cleanAffiliation(raw: string): string {
  let t = composeAccents(raw).replace(/\s+/gu, ' ').trim();
  const label = EMAIL_LABEL.exec(t);
  if (label) {
    t = t.slice(0, label.index).trimEnd();
    if (/[(（]$/u.test(t)) t = t.slice(0, -1).trimEnd();
  }
  const email = emailWordStart(t);
  if (email >= 0) t = t.slice(0, email).trimEnd();
  for (;;) {
    const inner = /^[(（[](.*)[)）\]]$/u.exec(t);
    if (!inner?.[1]) break;
    t = inner[1].trim();
  }
  return trimEndWhere(trimStartWhere(t, EDGE), EDGE).trim();
}

/** Numbered list inside one line: "(1. A, City 537000; 2. B, City)" → [1: A…], [2: B…]. */
function numberedList(text: string): AffiliationEntry[] | null {
  let t = text;
  if (/^[(（]/u.test(t)) t = t.slice(1).trimStart();
  if (/[)）]$/u.test(t)) t = t.slice(0, -1).trimEnd();
  if (!/^(?:\d{1,2}|[a-z])\s*[.．、)]\s*\S/u.test(t)) return null;
  const pieces = t.split(/[;；]\s*(?=(?:\d{1,2}|[a-z])\s*[.．、)])/u);
  return pieces
    .map((raw, i) => {
      const piece = i < pieces.length - 1 ? raw.trimEnd() : raw;
      const m = /^(\d{1,2}|[a-z])\s*[.．、)](.*)$/su.exec(piece);
      return { marks: m?.[1] ? [m[1]] : [], text: cleanAffiliation(m?.[2]?.trimStart() ?? piece) };
    })
    .filter((e) => e.text.length > 0);
}

/**
 * A run-in list of numbered affiliations in plain text ("…, Ljubljana, Slovenia, 2 University of …"): a number
 * after a comma and before a capitalised word opens the next entry.
 */
function inlineMarked(marks: string[], text: string): AffiliationEntry[] {
  const out: AffiliationEntry[] = [];
  let open = marks;
  let start = 0;
  for (const m of text.matchAll(/[,;]\s*(\d{1,2})\s+(?=\p{Lu})/gu)) {
    out.push({ marks: open, text: cleanAffiliation(text.slice(start, m.index)) });
    open = [m[1] ?? ''];
    start = m.index + m[0].length;
  }
  out.push({ marks: open, text: cleanAffiliation(text.slice(start)) });
  return out.filter((e) => e.text.length > 0);
}

/** Affiliation entries of one line, each with the marks printed before or after it. */
export function parseAffiliations(line: FrontLine): AffiliationEntry[] {
  if (!line.parts.some((p) => p.sup)) {
    const listed = numberedList(line.text);
    if (listed) return listed;
    const lead = /^(\d{1,2}|[a-z])\s+(?=\p{Lu})(.*)$/u.exec(line.text);
    if (lead?.[1] && lead[2]) return inlineMarked([lead[1]], lead[2]);
    return inlineMarked([], line.text);
  }
  const out: AffiliationEntry[] = [];
  let pending: string[] = [];
  line.parts.forEach((p, i) => {
    if (p.sup) {
      const hasNextText = line.parts.slice(i + 1).some((q) => !q.sup);
      const last = out[out.length - 1];
      // A mark after the last text closes it ("Mozilla Corporation∗"); otherwise it opens the next one.
      if (!hasNextText && last) last.marks.push(...splitMarks(p.text));
      else pending = splitMarks(p.text);
      return;
    }
    const text = cleanAffiliation(p.text);
    if (text) out.push({ marks: pending, text });
    pending = [];
  });
  return out;
}

/** IEEE-style footnote: "<names incl. first author> are with <affiliation> (e-mail: …)". */
export function footnoteAffiliation(pageText: string, firstAuthor: string | null): string | null {
  // Whitespace runs that hold a line break become one space.
  const flat = pageText.replace(/\s+/gu, (ws) => (ws.includes('\n') ? ' ' : ws));
  const surname = firstAuthor?.split(' ').pop() ?? '';
  let prevEnd = 0;
  for (const m of flat.matchAll(/\b(?:is|are)\s+(?:now\s+)?with\s+/gu)) {
    const at = m.index ?? 0;
    // The names before "are with" (initials make sentence splitting unreliable: look back a window).
    const who = flat.slice(Math.max(prevEnd, at - 300), at);
    prevEnd = at + m[0].length;
    if (surname && !who.includes(surname)) continue;
    const rest = flat.slice(prevEnd, prevEnd + 300);
    // Up to the e-mail, the next clause or the next sentence (the whitespace left before it is trimmed away).
    const end = /\((?:e-?mail|email)|;\s|\.\s+(?=\p{Lu}\p{Ll})/u.exec(rest)?.index ?? rest.length;
    // "are with the Centre for …": the article belongs to the sentence, not to the institution's name.
    const where = cleanAffiliation(rest.slice(0, end)).replace(/^the\s+/u, '');
    if (isInstitution(where) && where.length <= 200) return where;
  }
  return null;
}

/** The affiliation of the first author, by marks first, then by order. */
export function firstAuthorAffiliation(
  marks: readonly string[],
  block: readonly AffiliationEntry[],
  elsewhere: readonly AffiliationEntry[],
  footnote: () => string | null,
): string | null {
  for (const mark of marks) {
    const hit = block.find((e) => e.marks.includes(mark)) ?? elsewhere.find((e) => e.marks.includes(mark));
    if (hit) return hit.text;
  }
  const unmarked = block.find((e) => e.marks.length === 0) ?? (marks.length === 0 ? block[0] : undefined);
  if (unmarked) return unmarked.text;
  return footnote() ?? block[0]?.text ?? null;
}
