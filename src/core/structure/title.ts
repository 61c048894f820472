/**
 * Title: the largest type near the top of page 1 (joined over its lines), or the PDF Info title when
 * that one is trustworthy and agrees with the page. Journal names, running heads and margin stamps
 * are set smaller or sit in the margin, so size and position do most of the filtering.
 */
import type { PdfInfo } from '../types.ts';
import type { LayoutLine } from './layout-lines.ts';
import { isAuthorLine, parseNames } from './authors.ts';
import { fromLayout } from './front-lines.ts';
import { infoTitleCandidate } from './pdf-info.ts';
import { isReportLabel, withoutReportLabel } from './report-label.ts';
import { restoreRomanNumerals } from './roman-numerals.ts';
import { arxivIdFromStamp, isDownloadStamp } from './stamps.ts';
import { joinText, looseKey, similarity, trimEndWhere } from './text-utils.ts';

/**
 * Header/footer lines that can be set large but are never the title; nor are a P.O. box or a phone number (a scan's
 * noise can make one look large). E-mail lines are kept out by their "@".
 */
const NOT_TITLE =
  /^(?:proceedings\b|journal of\b|vol(?:ume)?\.?\s*\d|issn\b|e-?issn\b|doi\b|https?:|www\.|©|\(c\)|copyright\b|received\b|accepted\b|published\b|preprint\b|arxiv\b|第\s*\d+\s*卷|p\.\s?o\.\s?box|(?:phone|tel(?:ephone)?|fax)\s?[.:]?\s?[+(\d])/iu;
/**
 * What kind of thesis it is, printed in the largest type on a cover ("华中科技大学本科毕业论文", "硕士研究生学位论文",
 * "Master's Thesis"): never the title, which follows in smaller type.
 */
const THESIS_KIND = /(?:毕业|学位)(?:论文|设计)(?:说明书)?$|^(?:(?:bachelor|master|doctoral|ph\.?d\.?)['’]?s?\s+)?(?:thesis|dissertation)$/iu;
const isThesisKind = (text: string) => text.replace(/\s/gu, '').length <= 24 && THESIS_KIND.test(text.trim());
/** A subtitle line: it starts with a dash ("——以本科生……为例"). */
const SUBTITLE = /^\s*[—–-]{1,2}\s*\S/u;

/** Article-type labels printed above titles. */
const LABEL_ONLY = /^(?:research|original|review|short|brief|technical)?\s*(?:(?:article|paper|review|letter|communication|report|note)\s*)?(?:open access)?$/iu;

export interface TitleResult {
  title: string | null;
  /** The layout lines the title was read from (empty when it came from elsewhere). */
  lines: LayoutLine[];
}

/** Font size carrying the most characters on the page: the body text size. */
export function bodyFontSize(lines: readonly LayoutLine[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.fontSize * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestW = -1;
  for (const [size, w] of weight) if (w > bestW) [best, bestW] = [size, w];
  return best;
}

function candidate(l: LayoutLine, width: number, height: number, body: number): boolean {
  const letters = l.text.match(/\p{L}/gu)?.length ?? 0;
  // A title has a word: a line of codes and initials ("P2B.21 RE", a session label in a box) is not one.
  if (letters < 2 || l.fontSize < body * 1.15 || !/\p{L}{3}/u.test(l.text)) return false;
  if (l.y < 0.25 * height || l.x1 < 0.1 * width || l.x0 > 0.9 * width) return false;
  if (arxivIdFromStamp(l.text) || isDownloadStamp(l.text) || NOT_TITLE.test(l.text) || isThesisKind(l.text) || isReportLabel(l.text) || LABEL_ONLY.test(l.text.replace(/(?<=\p{Lu}) (?=\p{Lu}\b)/gu, ''))) return false;
  return !/@|\bet al\b/u.test(l.text);
}

/** A "by" line: what stands between a title and its authors on memos, reports and theses. */
const BY_LINE = /^by(?:\s|$|:)/iu;

/**
 * A line between two same-size lines that ends the title block: a "by" line, an e-mail line, or names with
 * author marks, right under the title (typewritten memos set the author in title type below a "by").
 */
function separatesTitle(m: LayoutLine, above: LayoutLine, below: LayoutLine): boolean {
  const under = Math.min(m.x1, Math.max(above.x1, below.x1)) > Math.max(m.x0, Math.min(above.x0, below.x0));
  if (!under) return false;
  const t = m.text.trim();
  if (BY_LINE.test(t) || /@/u.test(t)) return true;
  return m.parts.some((p) => p.sup) && isAuthorLine(parseNames(fromLayout(m)));
}

/** Largest-type block near the top of page 1. */
export function layoutTitle(lines: readonly LayoutLine[], width: number, height: number): LayoutLine[] {
  const body = bodyFontSize(lines);
  const cands = lines.filter((l) => candidate(l, width, height, body));
  const sizes = [...new Set(cands.map((l) => Math.round(l.fontSize * 2) / 2))].sort((a, b) => b - a);
  // Positions looked up once: a hostile page may hold thousands of lines in title type.
  const at = new Map(lines.map((l, i) => [l, i]));
  const between = (a: LayoutLine, b: LayoutLine) => lines.slice((at.get(a) ?? 0) + 1, at.get(b) ?? 0);
  for (const size of sizes) {
    const same = cands.filter((l) => Math.abs(l.fontSize - size) <= 0.05 * size + 0.25);
    const first = same[0];
    if (!first) continue;
    const block = [first];
    for (const l of same.slice(1)) {
      const prev = block[block.length - 1] ?? first;
      if (prev.y - l.y > 2.2 * size || between(prev, l).some((m) => separatesTitle(m, prev, l))) break;
      block.push(l);
    }
    const text = block.map((l) => l.text).join(' ');
    if (text.replace(/\s/gu, '').length >= 6) return withSubtitle(block, lines, size);
  }
  return [];
}

/** The block and, right below it, a subtitle that starts with a dash (in somewhat smaller type) with its continuation. */
function withSubtitle(block: LayoutLine[], lines: readonly LayoutLine[], size: number): LayoutLine[] {
  let i = lines.indexOf(block[block.length - 1]!) + 1;
  const first = lines[i];
  if (!first || !SUBTITLE.test(first.text) || first.fontSize < 0.75 * size || block[block.length - 1]!.y - first.y > 2.5 * size) return block;
  const out = [...block, first];
  for (i++; i < lines.length; i++) {
    const l = lines[i]!;
    const prev = out[out.length - 1]!;
    if (Math.abs(l.fontSize - first.fontSize) > 0.05 * first.fontSize || prev.y - l.y > 2.2 * first.fontSize) break;
    out.push(l);
  }
  return out;
}

function joinTitle(lines: readonly LayoutLine[]): string {
  let out = '';
  for (const l of lines) out = joinText(out, l.text);
  // Chinese puts no space before a subtitle's dash ("实现——以……为例").
  const spaced = out.replace(/\s+/gu, ' ').replace(/(?<=[\u3400-\u9fff》」』）]) (?=[—–])/gu, '');
  return trimEndWhere(spaced, /[\s∗*†‡§¶]/u).trim();
}

/** A line that goes on: it ends with a spaced dash (a title and its subtitle), or the next one starts in lower case. */
const continues = (line: string, next: string | undefined) => next !== undefined && (/\s[-‐–—]$/u.test(line) || /^\p{Ll}/u.test(next));
/** A line opened by a section-style number ("3. ", "2.1 "). */
const NUMBERED = /^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{L}/u;
/** Specks and margin marks an OCR layer reads before a line (": Hydrogen …", "} growth …"). */
const trimLead = (line: string) => line.trim().replace(/^[^\p{L}\p{N}"“'(]+/u, '');

/**
 * Text fallback when the layout shows no larger type (or there is none): the first substantial line of page 1,
 * with the lines it runs on into (a title broken after a dash, or mid-phrase).
 */
function textTitle(page1: string): string | null {
  const lines = page1.split('\n').slice(0, 15).map(trimLead);
  for (const [i, t] of lines.entries()) {
    if (t.replace(/\s/gu, '').length < 8 || !/\p{L}{3}/u.test(t) || NOT_TITLE.test(t) || /@|https?:/u.test(t) || /[.,;:]$/u.test(t)) continue;
    // A numbered line ("3. Thin Film Cells and Technologies") is a heading or a session topic, not the title.
    if (NUMBERED.test(t) || isReportLabel(t)) continue;
    let title = t;
    for (let j = i + 1; j < Math.min(lines.length, i + 3) && continues(lines[j - 1]!, lines[j]); j++) title = `${title} ${lines[j]}`;
    return title;
  }
  return null;
}

/** The first run of layout lines whose text is part of `title` (to know where the title block ends). */
function linesOf(title: string, lines: readonly LayoutLine[]): LayoutLine[] {
  const key = looseKey(title);
  const out: LayoutLine[] = [];
  for (const l of lines) {
    const k = looseKey(l.text);
    if (k.length >= 4 && key.includes(k)) out.push(l);
    else if (out.length) break;
  }
  return out;
}

/** A printed title without a series label run into it, with roman numerals the page confirms (OCR's "LISP 11"). */
const tidyTitle = (title: string, text: string) => restoreRomanNumerals(withoutReportLabel(title), text);

export function findTitle(
  lines: readonly LayoutLine[],
  page: { width: number; height: number } | null,
  info: PdfInfo,
  frontText: string,
): TitleResult {
  const block = page ? layoutTitle(lines, page.width, page.height) : [];
  const fromLayout = block.length ? joinTitle(block) : null;
  const fromInfo = infoTitleCandidate(info);
  if (fromInfo) {
    const key = looseKey(fromInfo);
    const agrees = looseKey(frontText).includes(key) || (fromLayout !== null && similarity(key, looseKey(fromLayout)) >= 0.8);
    if (agrees) return { title: fromInfo, lines: fromLayout && similarity(key, looseKey(fromLayout)) >= 0.6 ? block : linesOf(fromInfo, lines) };
  }
  if (fromLayout) return { title: tidyTitle(fromLayout, frontText), lines: block };
  const fromText = textTitle(frontText);
  // Its layout lines, when it has any, tell the author rules where the title block ends.
  return { title: fromText ? tidyTitle(fromText, frontText) : null, lines: fromText ? linesOf(fromText, lines) : [] };
}
