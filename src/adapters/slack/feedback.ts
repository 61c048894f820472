/**
 * 👍 / 👎 under a summary: what the buttons carry (the paper's sha256 and the language). The votes themselves are kept
 * by common/feedback-votes.ts (shared with Discord), one per Slack user id, the last click wins.
 */
import type { Language } from '../../core/types.ts';

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
