/**
 * Cover pages before the article (a repository's download page, an arXiv or thesis cover): the article's own
 * first page repeats the title in title type near its top, with the full author list under it.
 */
import type { ExtractedPdf } from '../types.ts';
import { fromLayout } from './front-lines.ts';
import { readFrontMatter, type FrontMatter } from './front-matter.ts';
import { layoutLines, type LayoutLine } from './layout-lines.ts';
import { bodyFontSize } from './title.ts';
import { looseKey, similarity } from './text-utils.ts';

/** A page with this few letters is a cover or a title page, not the start of an article's text. */
const COVER_LETTERS = 1500;

export function looksLikeCover(pageText: string): boolean {
  return (pageText.match(/\p{L}/gu)?.length ?? 0) < COVER_LETTERS;
}

/** The lines after `title` when it is printed again, larger than the body, among the first lines of the page. */
export function afterRepeatedTitle(lines: readonly LayoutLine[], title: string): LayoutLine[] | null {
  const key = looseKey(title);
  const inTitle = (l: LayoutLine | undefined) => !!l && looseKey(l.text).length >= 2 && key.includes(looseKey(l.text));
  const body = bodyFontSize(lines);
  const start = lines.slice(0, 12).findIndex((l) => l.fontSize >= 1.3 * body && looseKey(l.text).length >= 4 && inTitle(l));
  if (key.length < 4 || start < 0) return null;
  let end = start + 1;
  while (end < lines.length && inTitle(lines[end])) end++;
  const printed = lines.slice(start, end).map((l) => looseKey(l.text)).join('');
  return similarity(printed, key) >= 0.8 ? lines.slice(end) : null;
}

/** Front matter of page 2 when it repeats the title (the article after a cover page), or null. */
export function frontMatterAfterCover(pdf: ExtractedPdf, page2Text: string, title: string | null, coverText: string): FrontMatter | null {
  const num = pdf.pages?.[1]?.num;
  const layout = num === undefined ? undefined : pdf.layout?.find((l) => l.num === num);
  if (!title || !layout) return null;
  const lines = layoutLines(layout);
  const after = afterRepeatedTitle(lines, title);
  if (!after) return null;
  const fm = readFrontMatter(after.map(fromLayout), lines.map(fromLayout), page2Text, coverText);
  return fm.authors.length > 0 ? fm : null;
}
