/**
 * The four summary points of item 6, in whatever shape the model wrote them:
 * "- (1): …", "（1）：…", "(1) Research Background: …", "- (1)研究背景：" with the text on the next lines,
 * or named bullets ("研究背景：…", "方法动机：…") without numbers.
 */
import { capLength, joinLines } from './reply-text.ts';
import type { SummaryPoints } from '../types.ts';

export type PointKey = keyof SummaryPoints;
const BY_NUMBER: readonly PointKey[] = ['background', 'priorWork', 'method', 'results'];
/** Five named points (background, past methods, motivation, method, results): motivation goes with prior work. */
const FIVE: readonly PointKey[] = ['background', 'priorWork', 'priorWork', 'method', 'results'];
export const MAX_POINT_CHARS = 2000;

// The text after a marker starts at a non-space (`(\S[\s\S]*|)`), so no space can be handed back and forth between
// the marker's `\s*` and the text.
const MARKER = /^(?:[-*+•]\s*)?[(（]\s*([1-9])\s*[)）]\s*(?:[:：]\s*)?(\S[\s\S]*|)$/;
const NUMBER_MARKER = /^(?:[-*+•]\s*)?([1-9])\s*[.)、．]\s+(\S[\s\S]*|)$/;
const BULLET = /^[-*+•]\s+(\S[\s\S]*|)$/;

// Order matters: "过去的方法" is prior work, "方法性能" is results, before plain "方法".
const NAMED: ReadonlyArray<[PointKey, RegExp]> = [
  ['priorWork', /过去|以往|现有|已有|动机|问题|past|previous|prior|existing|related|motivation|problem/i],
  ['background', /背景|background/i],
  ['results', /性能|任务|结果|实验|performance|task|result|experiment|evaluation/i],
  ['method', /方法|method|approach/i],
];

/** A short "研究背景：" / "Research Background:" lead-in, or null. */
function leadLabel(text: string): { label: string; rest: string } | null {
  const m = /^([^:：。，,\n]{1,40})[:：]\s*(\S[\s\S]*|)$/.exec(text);
  if (!m?.[1]) return null;
  const label = m[1].trim();
  const cjkLabel = /[\u3400-\u9fff]/.test(label);
  if ((cjkLabel && label.length > 16) || !NAMED.some(([, re]) => re.test(label))) return null;
  return { label, rest: m[2] ?? '' };
}

function categoryOf(label: string): PointKey | null {
  return NAMED.find(([, re]) => re.test(label))?.[0] ?? null;
}

interface Segment {
  n: number;
  lines: string[];
}

function segments(lines: string[], marker: RegExp): Segment[] {
  const out: Segment[] = [];
  for (const raw of lines) {
    const m = marker.exec(raw.trim());
    if (m) out.push({ n: Number(m[1]), lines: [m[2] ?? ''] });
    else out[out.length - 1]?.lines.push(raw);
  }
  return out;
}

function pointText(lines: string[]): { text: string; label: string | null } {
  const joined = joinLines(lines);
  const lead = leadLabel(joined);
  const text = (lead ? lead.rest : joined).trim();
  return { text: capLength(text, MAX_POINT_CHARS), label: lead?.label ?? null };
}

function put(points: Partial<SummaryPoints>, key: PointKey, text: string): void {
  if (!text) return;
  const had = points[key];
  // Motivation after past methods: one point, two sentences.
  points[key] = had ? capLength(`${had}${/[\u3400-\u9fff。]$/.test(had) ? '' : ' '}${text}`, MAX_POINT_CHARS) : text;
}

export function parsePoints(lines: string[]): Partial<SummaryPoints> {
  const points: Partial<SummaryPoints> = {};
  let segs = segments(lines, MARKER);
  if (segs.length === 0) segs = segments(lines, NUMBER_MARKER);
  if (segs.length > 0) {
    const five = segs.some((s) => s.n === 5);
    const taken = new Set<number>();
    for (const seg of segs) {
      if (taken.has(seg.n)) continue; // a point given twice keeps its first answer
      taken.add(seg.n);
      const { text, label } = pointText(seg.lines);
      const key = five ? ((label && categoryOf(label)) ?? FIVE[seg.n - 1]) : BY_NUMBER[seg.n - 1];
      if (key) put(points, key, text);
    }
    return points;
  }
  // Named bullets without numbers ("- 研究背景：…"); a line without a bullet continues the one before.
  const named: Array<{ key: PointKey; lines: string[] }> = [];
  const plain: string[][] = [];
  let blank = true;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      blank = true;
      continue;
    }
    const bullet = BULLET.exec(line);
    const body = bullet?.[1] ?? line;
    const lead = leadLabel(body);
    const key = lead && categoryOf(lead.label);
    if (key && lead) named.push({ key, lines: [lead.rest] });
    else named[named.length - 1]?.lines.push(body);
    if (bullet || blank || plain.length === 0) plain.push([body]);
    else plain[plain.length - 1]?.push(body);
    blank = false;
  }
  if (named.length > 0) {
    for (const n of named) put(points, n.key, capLength(joinLines(n.lines), MAX_POINT_CHARS));
    return points;
  }
  // Four bare bullets or paragraphs: take them in order.
  if (plain.length === 4) plain.forEach((p, i) => put(points, BY_NUMBER[i] as PointKey, capLength(joinLines(p), MAX_POINT_CHARS)));
  return points;
}
