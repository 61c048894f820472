/**
 * 👍 / 👎 votes on a summary, kept in the summary cache next to the summaries of the same PDF under
 * `feedback:<sha256>:<language>` (the key Slack's feedback.ts uses, so both platforms add to one record).
 * One vote per voter id, the last click wins; voter ids carry the platform (`discord:123…`).
 */
import type { SummaryCache } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  sha256: string;
  language: Language;
  votes: Record<string, { vote: Vote; at: string }>;
  /** When "Regenerate" produced a new summary (a sign the first one did not satisfy); newest last, at most 50. */
  regenerated?: string[];
}

export function feedbackKey(sha256: string, language: Language): string {
  return `feedback:${sha256}:${language}`;
}

export async function recordVote(cache: SummaryCache, sha256: string, language: Language, voter: string, vote: Vote, now = new Date()): Promise<FeedbackRecord> {
  const key = feedbackKey(sha256, language);
  const record = (await cache.get<FeedbackRecord>(key)) ?? { sha256, language, votes: {} };
  record.votes[voter] = { vote, at: now.toISOString() };
  await cache.set(key, record);
  return record;
}

/** Counts a summary made again through the Regenerate button (recorded once the new summary is posted). */
export async function recordRegeneration(cache: SummaryCache, sha256: string, language: Language, now = new Date()): Promise<FeedbackRecord> {
  const key = feedbackKey(sha256, language);
  const record = (await cache.get<FeedbackRecord>(key)) ?? { sha256, language, votes: {} };
  record.regenerated = [...(record.regenerated ?? []), now.toISOString()].slice(-50);
  await cache.set(key, record);
  return record;
}
