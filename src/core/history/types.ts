/** What a channel remembers of the papers shared in it: enough to list, search and digest them, never the PDF. */
import type { Language } from '../types.ts';

/** Where a paper was shared. `workspace` is the Slack team or Discord guild: history never crosses it. */
export interface ChannelScope {
  platform: 'slack' | 'discord';
  workspace: string;
  channel: string;
}

export interface HistoryEntry {
  sha256: string;
  title: string;
  keywords: string[];
  /** One line about the paper (its method point, shortened) for lists and digests. */
  line: string;
  /** All four points, for search. */
  summaryText: string;
  language: Language;
  /** Link to the thread / message with the summary, when the platform gives one. */
  threadUrl: string | null;
  /** ms since epoch when it was (last) shared here. */
  sharedAt: number;
  /** 👍 / 👎 counts as last known (feedback shows up in /papers). */
  votes?: { up: number; down: number };
}
