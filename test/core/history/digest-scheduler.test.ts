import { describe, expect, it } from 'vitest';
import { createChannelHistory } from '../../../src/core/history/channel-history.ts';
import { createDigestScheduler, type DigestPoster } from '../../../src/core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from '../../../src/core/history/digest-subscriptions.ts';
import type { HistoryEntry } from '../../../src/core/history/types.ts';
import type { SummaryCache } from '../../../src/core/ports.ts';
import { createMemoryClaims } from '../../../src/core/queue/memory-claims.ts';

function memoryCache(): SummaryCache {
  const data = new Map<string, unknown>();
  return { get: async <T>(k: string) => structuredClone(data.get(k)) as T | undefined, set: async (k, v) => void data.set(k, structuredClone(v)) };
}
const at = (iso: string) => Date.parse(iso);
const entry = (sha: string, sharedAt: number): HistoryEntry => ({ sha256: sha, title: `Paper ${sha}`, keywords: [], line: `What ${sha} does.`, summaryText: '', language: 'en', threadUrl: `https://x/${sha}`, sharedAt });
const lab = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };

async function setUp() {
  const cache = memoryCache();
  const history = createChannelHistory(cache);
  const subscriptions = createDigestSubscriptions(cache);
  const claims = createMemoryClaims();
  // Week of Monday 2026-11-16: two papers; the current week (from 2026-11-23): one.
  await history.record(lab, entry('a', at('2026-11-17T10:00:00Z')));
  await history.record(lab, entry('b', at('2026-11-20T10:00:00Z')));
  await history.record(lab, entry('c', at('2026-11-24T10:00:00Z')));
  const posts: Array<{ channel: string; period: string; titles: string[] }> = [];
  const post: DigestPoster = async (sub, period, lines) => void posts.push({ channel: sub.channel, period: period.id, titles: lines.map((l) => l.title) });
  return { cache, history, subscriptions, claims, posts, post };
}

describe('weekly digest scheduler', () => {
  it('posts last week\'s papers once, from Monday 09:00 UTC, also across a restart', async () => {
    const s = await setUp();
    await s.subscriptions.set({ ...lab, language: 'en' }, true);
    let t = at('2026-11-23T08:00:00Z');
    const make = () => createDigestScheduler({ subscriptions: s.subscriptions, history: s.history, claims: s.claims, posters: { slack: s.post }, now: () => t });
    const first = make();
    expect(await first.tick()).toBe(0); // not due yet
    t = at('2026-11-23T09:30:00Z');
    expect(await first.tick()).toBe(1);
    expect(s.posts).toEqual([{ channel: 'C1', period: '2026-11-16', titles: ['Paper a', 'Paper b'] }]);
    expect(await first.tick()).toBe(0);
    expect(await make().tick()).toBe(0); // a restarted process does not post again
    expect(await Promise.all([make().tick(), make().tick()])).toEqual([0, 0]);
  });

  it('posts nothing for channels that did not ask, that turned it off, or had a quiet week', async () => {
    const s = await setUp();
    const other = { platform: 'slack' as const, workspace: 'T1', channel: 'C2', language: 'en' as const };
    await s.subscriptions.set(other, true); // C2 shared nothing
    await s.subscriptions.set({ ...lab, language: 'en' }, true);
    await s.subscriptions.set({ ...lab, language: 'en' }, false);
    const sched = createDigestScheduler({ subscriptions: s.subscriptions, history: s.history, claims: s.claims, posters: { slack: s.post }, now: () => at('2026-11-23T12:00:00Z') });
    expect(await sched.tick()).toBe(0);
    expect(s.posts).toEqual([]);
    expect((await s.subscriptions.list()).map((x) => x.channel)).toEqual(['C2']);
  });

  it('tries again on the next tick when posting failed', async () => {
    const s = await setUp();
    await s.subscriptions.set({ ...lab, language: 'en' }, true);
    let fail = true;
    const flaky: DigestPoster = async (...args) => {
      if (fail) throw new Error('Slack is down');
      return s.post(...args);
    };
    const sched = createDigestScheduler({ subscriptions: s.subscriptions, history: s.history, claims: s.claims, posters: { slack: flaky }, now: () => at('2026-11-23T12:00:00Z') });
    expect(await sched.tick()).toBe(0);
    fail = false;
    expect(await sched.tick()).toBe(1);
    expect(s.posts).toHaveLength(1);
  });
});
