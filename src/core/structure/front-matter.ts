/**
 * Reads the block between the title and the abstract: author lines, affiliation lines, e-mail lines.
 * Works on layout lines when the first page has a layout (superscripts are reliable there) and on
 * cleaned text lines otherwise; the same scanner serves both.
 */
import { firstAuthorAffiliation, footnoteAffiliation, parseAffiliations, type AffiliationEntry } from './affiliation.ts';
import { isAuthorLine, labelledAuthors, parseNames, type AuthorEntry } from './authors.ts';
import { replaceContacts } from './contacts.ts';
import { continuesBlock, type FrontLine } from './front-lines.ts';
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
}

function withoutContacts(line: FrontLine): FrontLine {
  if (!/@|https?:\/\//u.test(line.text)) return line;
  const strip = (s: string) => replaceContacts(s, ' ').replace(/[(（]\s*[)）]/gu, ' ').replace(/\s+/gu, ' ').trim();
  const parts = line.parts.map((p) => (p.sup ? p : { ...p, text: strip(p.text) })).filter((p) => p.text.length > 0);
  return { ...line, text: strip(line.text), parts };
}

export function scanFrontLines(lines: readonly FrontLine[]): Scan {
  const authors: AuthorEntry[] = [];
  const affiliations: AffiliationEntry[] = [];
  let lastOpen = false; // previous author line ended inside a name
  let joinable: FrontLine | null = null; // previous line was an unmarked affiliation that may continue
  let misses = 0;
  for (const raw of lines.slice(0, 60)) {
    if (STOP.test(raw.text.trim())) break;
    // E-mail addresses and URLs are dropped; a line made only of them ends an affiliation block.
    const line = withoutContacts(raw);
    const t = line.text.trim();
    if (!/\p{L}{2}/u.test(t)) {
      if (raw.text.trim()) joinable = null;
      continue;
    }
    // After the authors, a line opened by a mark ("¹ …", "1 …") is an affiliation even without an institution word.
    const markedAfterAuthors = authors.length > 0 && (!!line.parts[0]?.sup || /^\d{1,2}\s+\p{Lu}/u.test(t));
    if ((isInstitution(t) || markedAfterAuthors) && t.length <= 220 && !(authors.length === 0 && isAuthorLine(parseNames(line)))) {
      const entries = parseAffiliations(line);
      const marked = entries.some((e) => e.marks.length > 0);
      const last = affiliations[affiliations.length - 1];
      if (joinable && !marked && last && entries[0] && continuesBlock(joinable, line)) last.text = `${last.text}, ${entries.map((e) => e.text).join(', ')}`;
      else affiliations.push(...entries);
      joinable = marked ? null : line;
      lastOpen = false;
      misses = 0;
      continue;
    }
    if (isProse(t) && (authors.length > 0 || affiliations.length > 0)) break;
    if (OTHER_LABEL.test(t)) {
      joinable = null;
      continue;
    }
    const parsed = parseNames(line);
    if (isAuthorLine(parsed) || (parsed.leadingTail && lastOpen)) {
      const entries = [...parsed.entries];
      const prev = authors[authors.length - 1];
      if (parsed.leadingTail && entries[0]?.name === parsed.leadingTail) {
        const tail = entries.shift();
        if (lastOpen && prev && tail) {
          prev.name = `${prev.name} ${tail.name}`;
          prev.marks.push(...tail.marks);
        }
      }
      authors.push(...entries);
      lastOpen = parsed.openEnd;
      joinable = null;
      misses = 0;
      continue;
    }
    // A short "City, Country" line right after an unmarked affiliation continues it.
    const last = affiliations[affiliations.length - 1];
    if (joinable && last && t.length <= 60 && /,/u.test(t) && continuesBlock(joinable, line)) {
      last.text = `${last.text}, ${t}`;
      joinable = line;
      continue;
    }
    joinable = null;
    lastOpen = false;
    if (authors.length > 0 && ++misses >= 3) break;
  }
  return { authors, affiliations };
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
  const affiliation = firstAuthorAffiliation(firstMarks, scan.affiliations, elsewhere, () => footnoteAffiliation(pageText, names[0] ?? null));
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
