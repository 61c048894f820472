import { describe, expect, it } from 'vitest';
import { createChannelHistory } from '../../../src/core/history/channel-history.ts';
import { digestHeading, previousWeek, weekOf } from '../../../src/core/history/digest.ts';
import { historyEntry, oneLine } from '../../../src/core/history/entry.ts';
import type { ChannelScope } from '../../../src/core/history/types.ts';
import type { SummaryCache } from '../../../src/core/ports.ts';
import type { SummaryResult } from '../../../src/core/types.ts';

function memoryCache(): SummaryCache & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => structuredClone(data.get(k)) as T | undefined,
    set: async (k, v) => void data.set(k, structuredClone(v)),
  };
}

function result(sha: string, title: string, method: string, keywords: string[] = []): SummaryResult {
  return {
    title,
    titleOriginal: title,
    authors: ['A. Author'],
    affiliation: null,
    keywords,
    links: { paper: null, code: null },
    summary: { background: 'Background sentence.', priorWork: 'Prior work sentence.', method, results: 'It works.' },
    language: 'en',
    engine: 'extractive',
    model: null,
    cached: false,
    source: { sha256: sha, pages: 8, fileName: `${sha}.pdf` },
    usage: null,
  };
}

const labA: ChannelScope = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const otherTeam: ChannelScope = { platform: 'slack', workspace: 'T2', channel: 'C1' };

describe('channel history', () => {
  it('lists newest first, moves a paper shared again to the top, and searches titles, keywords and summaries', async () => {
    const h = createChannelHistory(memoryCache());
    await h.record(labA, historyEntry(result('a', 'Sparse Retrieval for Long Documents', 'We index sentences with BM25.', ['retrieval']), 'https://x/1', 1000));
    await h.record(labA, historyEntry(result('b', 'Graph Neural Networks for Molecules', 'We pass messages between atoms.', ['chemistry']), 'https://x/2', 2000));
    await h.record(labA, historyEntry(result('c', 'Diffusion Models for Audio', 'We denoise spectrograms step by step.'), null, 3000));
    expect((await h.recent(labA, 10)).map((e) => e.sha256)).toEqual(['c', 'b', 'a']);
    await h.record(labA, historyEntry(result('a', 'Sparse Retrieval for Long Documents', 'We index sentences with BM25.'), 'https://x/3', 4000));
    expect((await h.recent(labA, 2)).map((e) => e.sha256)).toEqual(['a', 'c']);
    expect((await h.search(labA, 'molecules atoms', 5)).map((e) => e.sha256)).toEqual(['b']);
    expect((await h.search(labA, 'chemistry', 5)).map((e) => e.sha256)).toEqual(['b']);
    expect((await h.search(labA, 'spectrograms', 5)).map((e) => e.sha256)).toEqual(['c']);
    expect(await h.search(labA, 'volcanoes', 5)).toEqual([]);
  });

  it('never reads across workspaces', async () => {
    const h = createChannelHistory(memoryCache());
    await h.record(labA, historyEntry(result('a', 'Secret Lab Paper', 'We do secret things.'), null, 1));
    expect(await h.recent(otherTeam, 10)).toEqual([]);
    expect(await h.search(otherTeam, 'secret', 10)).toEqual([]);
  });

  it('keeps every entry when summaries finish at the same time, and caps the list', async () => {
    const h = createChannelHistory(memoryCache(), 30);
    await Promise.all(Array.from({ length: 40 }, (_, i) => h.record(labA, historyEntry(result(`p${i}`, `Paper ${i}`, 'Method.'), null, i))));
    const list = await h.recent(labA, 100);
    expect(list).toHaveLength(30);
    expect(new Set(list.map((e) => e.sha256)).size).toBe(30);
    expect(list[0]!.sha256).toBe('p39');
  });

  it('gives the entries of a period oldest first', async () => {
    const h = createChannelHistory(memoryCache());
    for (const [sha, t] of [['a', 10], ['b', 20], ['c', 30]] as const) await h.record(labA, historyEntry(result(sha, sha, 'M.'), null, t));
    expect((await h.between(labA, 15, 31)).map((e) => e.sha256)).toEqual(['b', 'c']);
  });
});

describe('digest periods and lines', () => {
  it('weeks start on Monday 00:00 UTC; a digest covers the week before', () => {
    const sat = Date.parse('2026-11-28T17:00:00Z');
    expect(weekOf(sat).id).toBe('2026-11-23');
    expect(new Date(weekOf(sat).from).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(previousWeek(Date.parse('2026-11-30T09:00:00Z')).id).toBe('2026-11-23');
    expect(weekOf(Date.parse('2026-11-30T00:00:00Z')).id).toBe('2026-11-30');
    expect(digestHeading(weekOf(sat), 3, 'en')).toBe('Papers shared this week (2026-11-23 to 2026-11-29): 3');
  });

  it('one line is the first sentence of the method, shortened', () => {
    expect(oneLine(result('a', 't', 'We index sentences. Then we rank.'))).toBe('We index sentences.');
    const long = oneLine(result('a', 't', `${'word '.repeat(80)}end.`));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
