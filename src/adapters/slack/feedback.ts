/**
 * 👍 / 👎 under a summary, kept in the summary cache next to the summaries of the same PDF
 * (key `feedback:<sha256>:<language>`, one vote per Slack user, the last click wins).
 */
import type { SummaryCache } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  sha256: string;
  language: Language;
  votes: Record<string, { vote: Vote; at: string }>;
}

export function feedbackKey(sha256: string, language: Language): string {
  return `feedback:${sha256}:${language}`;
}

export function encodeFeedbackValue(sha256: string, language: Language): string {
  return JSON.stringify({ s: sha256, l: language });
}

export function decodeFeedbackValue(value: string | undefined): { sha256: string; language: Language } | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { s?: unknown; l?: unknown };
    if (typeof v.s !== 'string' || !/^[0-9a-f]{64}$/.test(v.s)) return null;
    return { sha256: v.s, language: v.l === 'en' ? 'en' : 'zh' };
  } catch {
    return null;
  }
}

export async function recordVote(cache: SummaryCache, sha256: string, language: Language, user: string, vote: Vote, now = new Date()): Promise<FeedbackRecord> {
  const key = feedbackKey(sha256, language);
  const record = (await cache.get<FeedbackRecord>(key)) ?? { sha256, language, votes: {} };
  record.votes[user] = { vote, at: now.toISOString() };
  await cache.set(key, record);
  return record;
}
