/**
 * `/papers`: the channel's recent papers or a search over them, with 👍 / 👎 counts from the feedback buttons, as plain
 * data both platforms render. Words for the empty cases live here too.
 */
import type { ChannelHistory } from '../../core/history/channel-history.ts';
import type { ChannelScope, HistoryEntry } from '../../core/history/types.ts';
import type { SummaryCache } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';
import { feedbackKey, type FeedbackRecord } from './feedback-votes.ts';

export interface PaperListItem extends HistoryEntry {
  up: number;
  down: number;
  /** Times a new summary was asked for with Regenerate. */
  regenerated: number;
}

export const LIST_SIZE = 10;

async function votes(cache: SummaryCache | undefined, e: HistoryEntry): Promise<{ up: number; down: number; regenerated: number }> {
  if (!cache) return { up: 0, down: 0, regenerated: 0 };
  let up = 0;
  let down = 0;
  let regenerated = 0;
  for (const lang of ['zh', 'en'] as const) {
    const record = await cache.get<FeedbackRecord>(feedbackKey(e.sha256, lang));
    for (const v of Object.values(record?.votes ?? {})) v.vote === 'up' ? up++ : down++;
    regenerated += record?.regenerated?.length ?? 0;
  }
  return { up, down, regenerated };
}

/** The feedback part of a `/papers` line: ` · 👍 2 👎 1 · ↻ 1` (emoji as each platform writes them), empty without any. */
export function feedbackLine(e: Pick<PaperListItem, 'up' | 'down' | 'regenerated'>, emoji: { up: string; down: string; again: string }): string {
  const votes = e.up || e.down ? ` · ${emoji.up} ${e.up} ${emoji.down} ${e.down}` : '';
  return votes + (e.regenerated ? ` · ${emoji.again} ${e.regenerated}` : '');
}

export async function listPapers(history: ChannelHistory, cache: SummaryCache | undefined, scope: ChannelScope, search: string | null): Promise<PaperListItem[]> {
  const entries = search ? await history.search(scope, search, LIST_SIZE) : await history.recent(scope, LIST_SIZE);
  return Promise.all(entries.map(async (e) => ({ ...e, ...(await votes(cache, e)) })));
}

export const PAPERS_WORDS = {
  en: {
    recent: 'Papers summarized in this channel',
    search: (q: string) => `Papers in this channel matching “${q}”`,
    none: 'No paper has been summarized in this channel yet. Share a PDF (or use /summarize) and it will be listed here.',
    noMatch: (q: string) => `No paper summarized in this channel matches “${q}”.`,
    noPaperToAsk: 'No paper has been summarized in this channel yet, so there is nothing to ask about. Use /summarize first.',
    noPaperMatch: (q: string) => `No paper summarized in this channel matches “${q}”. Try other words from its title, or leave the paper out to ask about the latest one.`,
    gone: "I no longer have this paper's text. Summarize it again, then ask.",
    unavailable: 'Questions need the cache (CACHE_URL) to keep the papers’ text; it is turned off here.',
    about: (title: string) => `About: ${title}`,
  },
  zh: {
    recent: '本频道总结过的论文',
    search: (q: string) => `本频道中与“${q}”相关的论文`,
    none: '本频道还没有总结过论文。分享一个 PDF（或使用 /summarize）后会列在这里。',
    noMatch: (q: string) => `本频道没有与“${q}”相关的论文。`,
    noPaperToAsk: '本频道还没有总结过论文，暂时无从提问。请先使用 /summarize。',
    noPaperMatch: (q: string) => `本频道没有与“${q}”相关的论文。可以换用标题中的其他词，或不填论文以询问最近的一篇。`,
    gone: '我这里已经没有这篇论文的全文了。请重新总结后再提问。',
    unavailable: '提问需要缓存（CACHE_URL）保存论文全文，这里没有开启。',
    about: (title: string) => `论文：${title}`,
  },
} as const;
