/**
 * The abstract: the body of the Abstract/摘要 section, cut where the keyword or classification block
 * starts. Letters and extended abstracts print no label; there the first prose paragraph under the
 * title block (found from the layout: same size, same left edge, regular line spacing) stands in.
 */
import type { Section } from '../types.ts';
import { dehyphenate, type Vocabulary } from './hyphenation.ts';
import type { LayoutLine } from './layout-lines.ts';
import { joinLines } from './text-utils.ts';

const ABSTRACT_HEADING = /^(?:abstract|summary|摘要)$/iu;
/** Blocks that follow an abstract inside the same section. */
const AFTER_ABSTRACT =
  /(?:\b(?:Key\s*words?|Index\s+Terms)\s*[:：—–-]|\bKeywords\s+(?=\p{Lu})|关\s*键\s*词|Categories and Subject Descriptors|CCS Concepts|ACM Reference Format|中图分类号|\bMR\s*\(\d{4}\)\s)/u;
const MAX_CHARS = 4000;

/** Cuts a long text at the last sentence end before `max` characters. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('。'));
  return end > max / 2 ? head.slice(0, end + 1) : head;
}

export function abstractFromSections(sections: readonly Section[]): string | null {
  const s = sections.find((x) => ABSTRACT_HEADING.test(x.heading.replace(/\s+/gu, '')));
  if (!s) return null;
  const cut = AFTER_ABSTRACT.exec(s.text);
  const text = (cut ? s.text.slice(0, cut.index) : s.text).trim();
  return text.length >= 20 ? capText(text, MAX_CHARS) : null;
}

/** The text before a copyright notice ("© 2020 …"); `text` is one joined line, so the notice runs to its end. */
function withoutCopyright(text: string): string {
  const at = /(?:©|\(c\)|Copyright)\s*(?:\d{4}|[A-Z])/u.exec(text)?.index;
  return at === undefined ? text : text.slice(0, at).trimEnd();
}

/** First prose paragraph below the title block on page 1 (no abstract label printed). */
export function abstractFromLayout(lines: readonly LayoutLine[], vocab: Vocabulary): string | null {
  let run: LayoutLine[] = [];
  const flush = (): string | null => {
    const text = joinLines(dehyphenate(run.map((l) => l.text), vocab));
    run = [];
    const sentences = text.match(/[.!?。](?:\s|$)/gu)?.length ?? 0;
    const commas = text.match(/,/gu)?.length ?? 0;
    if (text.length < 200 || sentences < 2 || commas > text.length / 25) return null;
    return capText(withoutCopyright(text).trim(), MAX_CHARS);
  };
  for (const l of lines) {
    const prev = run[run.length - 1];
    const continues =
      prev &&
      Math.abs(prev.fontSize - l.fontSize) <= 0.3 &&
      Math.abs(prev.x0 - l.x0) <= 1.5 * l.fontSize &&
      prev.y - l.y > 0 &&
      prev.y - l.y <= 1.6 * l.fontSize;
    if (prev && !continues) {
      const found = flush();
      if (found) return found;
    }
    run.push(l);
  }
  return run.length ? flush() : null;
}
