/**
 * Reads the block between the title and the abstract: author lines, affiliation lines, e-mail lines.
 * Works on layout lines when the first page has a layout (superscripts are reliable there) and on
 * cleaned text lines otherwise; the same scanner serves both.
 */
import { cleanAffiliation, firstAuthorAffiliation, footnoteAffiliation, parseAffiliations, type AffiliationEntry } from './affiliation.ts';
import { AffiliationBlocks, affiliationRows } from './affiliation-blocks.ts';
import { isAuthorLine, labelledAuthors, parseNames, type AuthorEntry } from './authors.ts';
import { replaceContacts } from './contacts.ts';
import { continuesBlock, joinLabelCells, type FrontLine } from './front-lines.ts';
import { isInstitution } from './names.ts';

export interface FrontMatter {
  authors: string[];
  affiliation: string | null;
}

/** Where the front matter ends: the abstract, keywords, the first section, dates. */
const STOP =
  /^(?:abstract\b|a b s t r a c t|摘\s*要|summary\s*[:.]|keywords?\b|key\s*words\b|index terms\b|关\s*键\s*词|(?:1|i)\.?\s+introduction\b|introduction$|引\s*言$|received\b|accepted\b|published\b|article history\b|cite this\b|doi\s*:)/iu;
/** Cover-page labels that are neither authors nor affiliations ("学号：", "Supervisor:"). */
const OTHER_LABEL = /^[^\s:：]{1,6}(?:\s[^\s:：]{1,6})?\s*[:：]/u;

const isProse = (t: string) => t.length > 140 || (t.split(/\s+/u).length >= 14 && /[.!?。]$/u.test(t));

interface Scan {
  authors: AuthorEntry[];
  affiliations: AffiliationEntry[];
  /** A unit stated with a label on a form ("院系：软件学院", "Department: …"). */
  labelledUnit: string | null;
}

/** Labels of the author's unit on thesis covers and forms. */
const UNIT_LABEL = /^(?:院\s*系|学\s*院|系\s*别|单\s*位|学\s*部|所在学院|培养单位|工作单位|作者单位|department|school|faculty|affiliation|institution)\s*[:：]/iu;
/** A contact line: "phone +31 …", "Tel.: (0)…", "Fax 040 …", "e-mail: …@…" (not "Telephone Research Lab"). */
const CONTACT_LABEL = /^(?:(?:phone|tel(?:ephone)?|fax)\s?[.:]?\s?[+(\d]|e-?mail\b.*@)/iu;
/** A CJK form label ("专 业：", "导师姓名："): its value is neither an author nor an affiliation, even an institution-like one. */
const CJK_LABEL = /^[\u3400-\u9fff][\u3400-\u9fff ]{0,7}[:：]/u;

function withoutContacts(line: FrontLine): FrontLine {
  if (!/@|https?:\/\//u.test(line.text)) return line;
  const strip = (s: string) => replaceContacts(s, ' ').replace(/[(（]\s*[)）]/gu, ' ').replace(/\s+/gu, ' ').trim();
  const parts = line.parts.map((p) => (p.sup ? p : { ...p, text: strip(p.text) })).filter((p) => p.text.length > 0);
  return { ...line, text: strip(line.text), parts };
}

export function scanFrontLines(input: readonly FrontLine[]): Scan {
  const lines = joinLabelCells(input.slice(0, 60));
  const gridRows = affiliationRows(lines);
  const blocks = new AffiliationBlocks(gridRows);
  const authors: AuthorEntry[] = [];
  let labelledUnit: string | null = null;
  let lastOpen = false; // previous author line ended inside a name
  let lastAuthorLine: FrontLine | null = null;
  let misses = 0;
  for (const raw of lines) {
    if (STOP.test(raw.text.trim())) break;
    // E-mail addresses and URLs are dropped; a line made only of them ends an affiliation block.
    const line = withoutContacts(raw);
    const t = line.text.trim();
    if (!/\p{L}{2}/u.test(t)) {
      if (raw.text.trim()) blocks.other(raw);
      continue;
    }
    // Phone, fax and e-mail lines under an address are not part of the affiliation (and end its block).
    if (CONTACT_LABEL.test(raw.text.trim())) {
      blocks.other(line);
      continue;
    }
    const unit = UNIT_LABEL.exec(t);
    if (unit || (CJK_LABEL.test(t) && !isInstitution(t.replace(CJK_LABEL, '').trim()))) {
      labelledUnit ??= unit ? cleanAffiliation(t.slice(unit[0].length)) || null : null;
      blocks.other(line);
      continue;
    }
    const parsed = parseNames(line);
    const named = isAuthorLine(parsed);
    const institution = isInstitution(t);
    if (blocks.tryContinue(line, { named, institution })) {
      lastOpen = false;
      misses = 0;
      continue;
    }
    // After the authors, a line opened by a mark ("¹ …", "1 …") is an affiliation even without an institution word.
    const markedAfterAuthors = authors.length > 0 && (!!line.parts[0]?.sup || /^\d{1,2}\s+\p{Lu}/u.test(t));
    if ((institution || markedAfterAuthors || gridRows.has(line)) && t.length <= 220 && !(authors.length === 0 && named)) {
      blocks.add(line);
      lastOpen = false;
      misses = 0;
      continue;
    }
    if (isProse(t) && (authors.length > 0 || blocks.entries.length > 0)) break;
    blocks.other(line);
    if (OTHER_LABEL.test(t)) continue;
    // A name goes on into the next line only right below it, in its block (not a heading further down or aside).
    const goesOn = lastOpen && !!lastAuthorLine && continuesBlock(lastAuthorLine, line);
    if (named || (parsed.leadingTail && goesOn)) {
      const entries = [...parsed.entries];
      const prev = authors[authors.length - 1];
      if (parsed.leadingTail && entries[0]?.name === parsed.leadingTail) {
        const tail = entries.shift();
        if (goesOn && prev && tail) {
          prev.name = `${prev.name} ${tail.name}`;
          prev.marks.push(...tail.marks);
        }
      }
      authors.push(...entries);
      lastOpen = parsed.openEnd;
      lastAuthorLine = line;
      misses = 0;
      continue;
    }
    lastOpen = false;
    if (authors.length > 0 && ++misses >= 3) break;
  }
  return { authors, affiliations: blocks.entries, labelledUnit };
}

/**
 * Authors and the first author's affiliation. `front` are the lines after the title, `page` all
 * lines of page 1 (footnote affiliations), `pageText` its cleaned text, `coverText` the first pages.
 */
export function readFrontMatter(front: readonly FrontLine[], page: readonly FrontLine[], pageText: string, coverText: string): FrontMatter {
  const scan = scanFrontLines(front);
  const labelled = labelledAuthors(coverText);
  const names = labelled.length > 0 && scan.authors.length === 0 ? labelled : scan.authors.map((a) => a.name);
  const firstMarks = labelled.length > 0 && scan.authors.length === 0 ? [] : (scan.authors[0]?.marks ?? []);
  // Footnote-style affiliations with a leading mark anywhere on the page ("1 Department of …").
  const elsewhere = page.filter((l) => l.parts[0]?.sup && isInstitution(l.text)).flatMap(parseAffiliations);
  // A form states the unit with a label; that beats any institution-looking line on the cover.
  const affiliation = scan.labelledUnit ?? firstAuthorAffiliation(firstMarks, scan.affiliations, elsewhere, () => footnoteAffiliation(pageText, names[0] ?? null));
  return { authors: dedupe(names), affiliation };
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const k = n.toLowerCase().replace(/[^\p{L}]/gu, '');
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
