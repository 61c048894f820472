/** `/papers` lines carry the feedback on each paper: 👍 / 👎 from both platforms and how often it was regenerated. */
import { describe, expect, it } from 'vitest';
import { createChannelHistory } from '../../src/core/history/channel-history.ts';
import type { HistoryEntry } from '../../src/core/history/types.ts';
import { recordRegeneration, recordVote } from '../../src/adapters/common/feedback-votes.ts';
import { feedbackLine, listPapers } from '../../src/adapters/common/papers-list.ts';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';

const scope = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };
const entry = (sha256: string, title: string): HistoryEntry => ({ sha256, title, keywords: [], line: 'one line', summaryText: title, language: 'en', threadUrl: null, sharedAt: Date.now() });

describe('/papers feedback', () => {
  it('adds up votes of both languages and platforms and the regenerations, per paper', async () => {
    const cache = createKeyvCache({ url: 'memory:' });
    const history = createChannelHistory(cache);
    await history.record(scope, entry('a'.repeat(64), 'Paper A'));
    await history.record(scope, entry('b'.repeat(64), 'Paper B'));
    await recordVote(cache, 'a'.repeat(64), 'en', 'U1', 'up');
    await recordVote(cache, 'a'.repeat(64), 'zh', 'discord:2', 'down');
    await recordVote(cache, 'a'.repeat(64), 'en', 'U1', 'down'); // the last click wins
    await recordRegeneration(cache, 'a'.repeat(64), 'en');
    await recordRegeneration(cache, 'a'.repeat(64), 'zh');
    const items = await listPapers(history, cache, scope, null);
    const a = items.find((i) => i.title === 'Paper A')!;
    const b = items.find((i) => i.title === 'Paper B')!;
    expect([a.up, a.down, a.regenerated]).toEqual([0, 2, 2]);
    expect([b.up, b.down, b.regenerated]).toEqual([0, 0, 0]);
    const emoji = { up: '👍', down: '👎', again: '🔄' };
    expect(feedbackLine(a, emoji)).toBe(' · 👍 0 👎 2 · 🔄 2');
    expect(feedbackLine(b, emoji)).toBe('');
    expect(feedbackLine({ up: 1, down: 0, regenerated: 0 }, emoji)).toBe(' · 👍 1 👎 0');
  });
});
