/**
 * Sections with their body text (up to the next heading of any level), from the cleaned pages.
 * A heading wrapped onto a second short line ("7 Generation confidence and generation" / "quality")
 * is rejoined so the heading reads as printed.
 */
import type { PageText, Section } from '../types.ts';
import { selectHeadings, type AcceptedHeading, type DocLine } from './heading-chain.ts';
import { headingCandidate } from './headings.ts';
import { joinLines } from './text-utils.ts';

export function docLines(pages: readonly PageText[]): DocLine[] {
  return pages.flatMap((p) =>
    p.text
      .split('\n')
      .map((t) => t.trim())
      .filter((t) => t.length > 0)
      .map((text) => ({ page: p.num, text })),
  );
}

/** A short lower-case line right after a numbered heading is the rest of that heading. */
function continuation(h: AcceptedHeading, lines: readonly DocLine[], nextHeadingLine: number): string | null {
  if (h.kind === 'named' || h.runIn) return null;
  const next = lines[h.line + 1];
  const after = lines[h.line + 2];
  if (!next || h.line + 1 >= nextHeadingLine) return null;
  const t = next.text;
  const ok =
    /^\p{Ll}[\p{L} -]*$/u.test(t) &&
    t.length <= 30 &&
    t.split(/\s+/u).length <= 4 &&
    !/[.,;:]$/u.test(t) &&
    !headingCandidate(t) &&
    (!after || after.text.length > t.length * 1.5);
  return ok ? t : null;
}

export function buildSections(pages: readonly PageText[]): Section[] {
  const lines = docLines(pages);
  const heads = selectHeadings(lines);
  return heads.map((h, k) => {
    const end = heads[k + 1]?.line ?? lines.length;
    const extra = continuation(h, lines, end);
    const start = h.line + 1 + (extra ? 1 : 0);
    const body = lines.slice(start, end).map((l) => l.text);
    const heading = (extra ? `${h.heading} ${extra}` : h.heading).replace(/\s+/gu, ' ').trim();
    return {
      heading,
      level: h.level,
      page: lines[h.line]?.page ?? 1,
      text: joinLines(h.runIn ? [h.runIn, ...body] : body),
    };
  });
}
