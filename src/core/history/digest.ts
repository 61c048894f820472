/**
 * Weekly digests: which period a moment falls in (weeks start Monday 00:00 UTC), and the digest text for a channel's
 * papers of that period (title, one line, thread link). Posting once per period is the scheduler's job (a claim on
 * channel + period); this is plain data in, text out.
 */
import type { Language } from '../types.ts';
import type { HistoryEntry } from './types.ts';

const WEEK = 7 * 24 * 3600 * 1000;
// 1970-01-05 was a Monday.
const MONDAY_EPOCH = 4 * 24 * 3600 * 1000;

export interface Period {
  /** Stable id, e.g. "2026-W48" style but computed from the Monday (UTC) it starts on: "2026-11-23". */
  id: string;
  from: number;
  to: number;
}

export function weekOf(t: number): Period {
  const from = Math.floor((t - MONDAY_EPOCH) / WEEK) * WEEK + MONDAY_EPOCH;
  return { id: new Date(from).toISOString().slice(0, 10), from, to: from + WEEK };
}

/** The week before the one `t` is in: what a digest posted at `t` covers. */
export function previousWeek(t: number): Period {
  return weekOf(weekOf(t).from - 1);
}

export interface DigestLine {
  title: string;
  line: string;
  threadUrl: string | null;
}

export function digestLines(entries: readonly HistoryEntry[]): DigestLine[] {
  return entries.map((e) => ({ title: e.title, line: e.line, threadUrl: e.threadUrl }));
}

export function digestHeading(period: Period, count: number, language: Language): string {
  const to = new Date(period.to - 1).toISOString().slice(0, 10);
  return language === 'zh'
    ? `本周论文（${period.id} 至 ${to}）：共 ${count} 篇`
    : `Papers shared this week (${period.id} to ${to}): ${count}`;
}
