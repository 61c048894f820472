/**
 * The papers a channel has shared, newest first, kept in the summary cache under one key per channel (a lab channel
 * shares a few papers a week; a capped list is plenty and needs no database). Listing, search over titles, keywords
 * and summaries (BM25), and the entries of a period for digests. Keys carry platform, workspace and channel, so
 * nothing is ever read across workspaces.
 */
import type { SummaryCache } from '../ports.ts';
import { createBm25 } from '../qa/bm25.ts';
import type { ChannelScope, HistoryEntry } from './types.ts';

export interface ChannelHistory {
  /** Adds the paper, or moves it to the top with the newer details when shared again. */
  record(scope: ChannelScope, entry: HistoryEntry): Promise<void>;
  recent(scope: ChannelScope, limit: number): Promise<HistoryEntry[]>;
  search(scope: ChannelScope, words: string, limit: number): Promise<HistoryEntry[]>;
  /** Entries shared in [from, to), oldest first. */
  between(scope: ChannelScope, from: number, to: number): Promise<HistoryEntry[]>;
}

export const HISTORY_CAP = 500;

export const historyKey = (s: ChannelScope) => `history:${s.platform}:${s.workspace}:${s.channel}`;

export function createChannelHistory(cache: SummaryCache, cap = HISTORY_CAP): ChannelHistory {
  // One writer per channel at a time, so two summaries finishing together do not drop each other's entry.
  const locks = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const prev = locks.get(key) ?? Promise.resolve();
    const next = prev.then(work, work);
    locks.set(key, next.catch(() => undefined));
    return next;
  };
  const load = async (scope: ChannelScope) => (await cache.get<HistoryEntry[]>(historyKey(scope))) ?? [];
  return {
    record(scope, entry) {
      const key = historyKey(scope);
      return serial(key, async () => {
        const list = (await load(scope)).filter((e) => e.sha256 !== entry.sha256);
        await cache.set(key, [entry, ...list].slice(0, cap));
      });
    },
    async recent(scope, limit) {
      return (await load(scope)).slice(0, limit);
    },
    async search(scope, words, limit) {
      const list = await load(scope);
      const bm25 = createBm25(list.map((e) => `${e.title}\n${e.title}\n${e.keywords.join(', ')}\n${e.summaryText}`));
      return bm25
        .search(words, limit)
        .hits.map((h) => list[h.index]!)
        .slice(0, limit);
    },
    async between(scope, from, to) {
      return (await load(scope)).filter((e) => e.sharedAt >= from && e.sharedAt < to).reverse();
    },
  };
}
