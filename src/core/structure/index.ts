/**
 * The structure stage: from extracted page text (+ first-page layout, Info dict, link annotations)
 * to title, authors, affiliation, keywords, abstract, sections, identifiers and language.
 * Each reader lives in its own file; this one only wires them and never throws.
 */
import type { ExtractedPdf, PageLayout, PaperStructure } from '../types.ts';
import { abstractFromLayout, abstractFromSections } from './abstract.ts';
import { cleanPages } from './clean-text.ts';
import { frontMatterAfterCover, looksLikeCover } from './cover-page.ts';
import { fromLayout, fromText, type FrontLine } from './front-lines.ts';
import { readFrontMatter } from './front-matter.ts';
import { findGithubUrls } from './github.ts';
import { buildVocabulary } from './hyphenation.ts';
import { findDoi } from './doi.ts';
import { findKeywords } from './keywords.ts';
import { detectLanguage } from './language.ts';
import { layoutLines, type LayoutLine } from './layout-lines.ts';
import { infoKeywords } from './pdf-info.ts';
import { buildSections } from './sections.ts';
import { findTitle } from './title.ts';
import { compactKey, looseKey } from './text-utils.ts';

export { assessTextLayer } from './text-layer.ts';
export { cleanPages } from './clean-text.ts';

/** Page-1 text lines after the title (text fallback when the layout gives no author line). */
function textLinesAfterTitle(page1: string, title: string | null): FrontLine[] {
  const lines = page1.split('\n').map((l) => l.trim()).filter(Boolean);
  const key = title ? looseKey(title) : '';
  let start = 0;
  if (key) {
    const first = lines.findIndex((l) => looseKey(l).length >= 4 && key.includes(looseKey(l)));
    if (first >= 0) {
      start = first + 1;
      while (start < lines.length && looseKey(lines[start] ?? '').length > 0 && key.includes(looseKey(lines[start] ?? ''))) start++;
    }
  }
  return lines.slice(start, start + 40).map(fromText);
}

/** Info keywords are used only when every one of them is printed on the first pages. */
function trustedInfoKeywords(pdf: ExtractedPdf, front: string): string[] {
  const list = infoKeywords(pdf.info ?? {});
  const text = compactKey(front);
  return list.length > 0 && list.every((k) => text.includes(compactKey(k))) ? list : [];
}

function analyze(pdf: ExtractedPdf): PaperStructure {
  const { pages, arxivStamp } = cleanPages(pdf.pages ?? []);
  const texts = pages.map((p) => p.text);
  const page1 = texts[0] ?? '';
  const front = texts.slice(0, 2).join('\n');
  const layout: PageLayout | undefined = (pdf.layout ?? []).find((l) => l.num === (pdf.pages?.[0]?.num ?? 1)) ?? pdf.layout?.[0];
  const lines: LayoutLine[] = layout ? layoutLines(layout) : [];
  const info = pdf.info ?? {};

  const title = findTitle(lines, layout && lines.length ? layout : null, info, front);
  const lastTitleLine = title.lines[title.lines.length - 1];
  const afterTitle = lastTitleLine ? lines.slice(lines.indexOf(lastTitleLine) + 1) : lines;

  let fm = readFrontMatter(afterTitle.map(fromLayout), lines.map(fromLayout), page1, front);
  if (fm.authors.length === 0) {
    const fallback = readFrontMatter(textLinesAfterTitle(page1, title.title), [], page1, front);
    if (fallback.authors.length > 0) fm = { authors: fallback.authors, affiliation: fm.affiliation ?? fallback.affiliation };
  }
  // A cover page may come first (repository download page, arXiv or thesis cover): the article repeats the title on page 2.
  if (fm.authors.length === 0 || looksLikeCover(page1)) fm = frontMatterAfterCover(pdf, texts[1] ?? '', title.title, front) ?? fm;

  const sections = buildSections(pages);
  const printedKeywords = findKeywords(texts.slice(0, 4));

  return {
    title: title.title,
    authors: fm.authors,
    affiliation: fm.affiliation,
    keywords: printedKeywords.length > 0 ? printedKeywords : trustedInfoKeywords(pdf, front),
    abstract: abstractFromSections(sections) ?? abstractFromLayout(afterTitle, buildVocabulary(texts.flatMap((t) => t.split('\n')))),
    sections,
    arxivId: arxivStamp,
    doi: findDoi(texts, info),
    githubUrls: findGithubUrls(texts, pdf.linkUrls ?? []),
    language: detectLanguage(texts),
    // Copies: the cleaned pages are memoised for assessTextLayer and must not be changed through here.
    pages: pages.map((p) => ({ ...p })),
  };
}

/** Structure of a paper. Odd input (no pages, no layout, garbage) yields empty fields, never an error. */
export function analyzePaper(pdf: ExtractedPdf): PaperStructure {
  try {
    return analyze(pdf);
  } catch {
    const pages = (pdf.pages ?? []).map((p) => ({ num: p.num, text: p.text ?? '' }));
    return {
      title: null,
      authors: [],
      affiliation: null,
      keywords: [],
      abstract: null,
      sections: [],
      arxivId: null,
      doi: null,
      githubUrls: [],
      language: detectLanguage(pages.map((p) => p.text)),
      pages,
    };
  }
}
