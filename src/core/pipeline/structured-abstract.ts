/**
 * Structured abstracts ("Background: … Methods: … Results: … Conclusions: …", "目的：… 方法：… 结果：… 结论：…")
 * already say which sentence is which point; the extractive engine uses them directly when present.
 */
import type { SummaryPoints } from '../types.ts';

const LABELS: Array<[keyof SummaryPoints, RegExp]> = [
  ['background', /^(background|objectives?|aims?|purpose|introduction|context|目\s*的|背\s*景)$/i],
  ['priorWork', /^(motivation|problem|rationale|现\s*状|问\s*题)$/i],
  ['method', /^(methods?|methodology|materials and methods|design|approach|方\s*法)$/i],
  ['results', /^(results?|findings|conclusions?|interpretation|结\s*果|结\s*论)$/i],
];

// The lookbehind looks back over spaces, so it runs only where a label can start (the lookahead of first letters):
// run at every position it would rescan a long run of spaces from each of them.
const LABEL_AT = /(?:^|(?=[ABCDFIMOPR目背方结])(?<=[。.!?；;]\s*)|\s)(Background|Objectives?|Aims?|Purpose|Introduction|Context|Motivation|Problem|Rationale|Methods?|Methodology|Materials and methods|Design|Approach|Results?|Findings|Conclusions?|Interpretation|目\s*的|背\s*景|方\s*法|结\s*果|结\s*论)\s*[:：]/g;

export function structuredAbstract(abstract: string | null): Partial<SummaryPoints> | null {
  if (!abstract) return null;
  const marks = [...abstract.matchAll(LABEL_AT)];
  if (marks.length < 2) return null;
  const out: Partial<SummaryPoints> = {};
  marks.forEach((m, i) => {
    const label = m[1]!;
    const start = m.index! + m[0].length;
    const end = marks[i + 1]?.index ?? abstract.length;
    const text = abstract.slice(start, end).trim();
    const key = LABELS.find(([, re]) => re.test(label.replace(/\s+/g, '')))?.[0];
    if (!key || !text) return;
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  });
  return Object.keys(out).length >= 2 ? out : null;
}
