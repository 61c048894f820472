/**
 * Title: the largest type near the top of page 1 (joined over its lines), or the PDF Info title when
 * that one is trustworthy and agrees with the page. Journal names, running heads and margin stamps
 * are set smaller or sit in the margin, so size and position do most of the filtering.
 */
import type { PdfInfo } from '../types.ts';
import type { LayoutLine } from './layout-lines.ts';
import { infoTitleCandidate } from './pdf-info.ts';
import { arxivIdFromStamp, isDownloadStamp } from './stamps.ts';
import { joinText, looseKey, similarity, trimEndWhere } from './text-utils.ts';

/** Header/footer lines that can be set large but are never the title. */
const NOT_TITLE =
  /^(?:proceedings\b|journal of\b|vol(?:ume)?\.?\s*\d|issn\b|e-?issn\b|doi\b|https?:|www\.|©|\(c\)|copyright\b|received\b|accepted\b|published\b|preprint\b|arxiv\b|第\s*\d+\s*卷)/iu;
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
  if (letters < 2 || l.fontSize < body * 1.15) return false;
  if (l.y < 0.25 * height || l.x1 < 0.1 * width || l.x0 > 0.9 * width) return false;
  if (arxivIdFromStamp(l.text) || isDownloadStamp(l.text) || NOT_TITLE.test(l.text) || LABEL_ONLY.test(l.text.replace(/(?<=\p{Lu}) (?=\p{Lu}\b)/gu, ''))) return false;
  return !/@|\bet al\b/u.test(l.text);
}

/** Largest-type block near the top of page 1. */
export function layoutTitle(lines: readonly LayoutLine[], width: number, height: number): LayoutLine[] {
  const body = bodyFontSize(lines);
  const cands = lines.filter((l) => candidate(l, width, height, body));
  const sizes = [...new Set(cands.map((l) => Math.round(l.fontSize * 2) / 2))].sort((a, b) => b - a);
  for (const size of sizes) {
    const same = cands.filter((l) => Math.abs(l.fontSize - size) <= 0.05 * size + 0.25);
    const first = same[0];
    if (!first) continue;
    const block = [first];
    for (const l of same.slice(1)) {
      const prev = block[block.length - 1] ?? first;
      if (prev.y - l.y <= 2.2 * size) block.push(l);
      else break;
    }
    const text = block.map((l) => l.text).join(' ');
    if (text.replace(/\s/gu, '').length >= 6) return block;
  }
  return [];
}

function joinTitle(lines: readonly LayoutLine[]): string {
  let out = '';
  for (const l of lines) out = joinText(out, l.text);
  return trimEndWhere(out.replace(/\s+/gu, ' '), /[\s∗*†‡§¶]/u).trim();
}

/** Text fallback when there is no layout: the first substantial line of page 1. */
function textTitle(page1: string): string | null {
  for (const line of page1.split('\n').slice(0, 15)) {
    const t = line.trim();
    if (t.replace(/\s/gu, '').length >= 8 && !NOT_TITLE.test(t) && !/@|https?:/u.test(t) && !/[.,;:]$/u.test(t)) return t;
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
  if (fromLayout) return { title: fromLayout, lines: block };
  return { title: textTitle(frontText), lines: [] };
}
