/**
 * The PDF Info dictionary: often the cleanest title/DOI/keywords a paper carries, and just as often
 * junk left by the producing tool (file names, "Microsoft Word - …", a thesis template's title).
 * Every value is checked before use and agreement with the page text is left to the callers.
 */
import type { PdfInfo } from '../types.ts';
import { decodeEntities, trimEndWhere } from './text-utils.ts';

const JUNK_TITLES: RegExp[] = [
  /\.(?:pdf|docx?|rtf|odt|tex|dvi|ps|indd|qxd|txt)$/iu,
  /^(?:microsoft\s+(?:word|powerpoint)|untitled|document\d*|title|paper|manuscript|template|slides?)\b/iu,
  /^[\w.-]+$/u, // a single token: usually a file or job name like "P14-1059" or "main"
  /[\\/]/u,
  // Template titles of theses and journals ("重庆大学本科学生毕业设计（论文）", "Master's Thesis").
  /(?:毕业(?:设计|论文)|学位论文|硕士|博士|本科生?)/u,
  /^(?:(?:master'?s?|doctoral|phd|bachelor'?s?)\s+)?(?:thesis|dissertation)$/iu,
  /^(?:author|title|abstract|paper title|insert title here)/iu,
];

/** Info strings with entities decoded and whitespace tidied; empty strings become undefined. */
export function tidyInfo(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = decodeEntities(value).replace(/\s+/gu, ' ').trim();
  return t.length > 0 ? t : undefined;
}

/** The Info title when it looks like a real title (agreement with the text is checked in title.ts). */
export function infoTitleCandidate(info: PdfInfo): string | null {
  const title = tidyInfo(info.title);
  if (!title || title.length < 8 || title.length > 400) return null;
  if (JUNK_TITLES.some((re) => re.test(title))) return null;
  if (/&#?\w+;/u.test(title)) return null; // entities that did not decode: still junk
  return title;
}

/** A DOI stated in Subject/Keywords (publishers such as IEEE and BMC put this paper's DOI there). */
export function infoDoi(info: PdfInfo): string | null {
  for (const field of [info.subject, info.keywords, info.title]) {
    const t = tidyInfo(field);
    const m = t ? /\b(10\.\d{4,9}\/[^\s;,"'<>]+)/u.exec(t) : null;
    if (m?.[1]) return trimEndWhere(m[1], /[.)\]]/u);
  }
  return null;
}

/** Keywords from the Info dict, split on the usual separators. */
export function infoKeywords(info: PdfInfo): string[] {
  const t = tidyInfo(info.keywords);
  if (!t || /\b10\.\d{4,9}\//u.test(t)) return [];
  return t
    .split(/[;；,，]/u)
    .map((k) => k.trim())
    .filter((k) => k.length > 1 && k.length < 80);
}
