/** Issue 17, item 3, the pure parts: title match, merge, ids, cache and failure handling, pacing, Atom / Crossref parsing. */
import { describe, expect, it } from 'vitest';
import { titlesMatch } from '../../src/core/registry/match-title.ts';
import { mergeRegistryRecord } from '../../src/core/registry/merge-record.ts';
import { registryIds } from '../../src/core/registry/paper-ids.ts';
import { createCachedRegistry } from '../../src/core/registry/cached-registry.ts';
import { withRegistry } from '../../src/core/registry/enrich.ts';
import { ARXIV_INTERVAL_MS, createPacer } from '../../src/core/registry/pacer.ts';
import { RegistryBusyError, type PaperRegistry, type RegistryIds, type RegistryRecord } from '../../src/core/registry/registry-port.ts';
import type { SummaryCache } from '../../src/core/ports.ts';
import type { PaperStructure } from '../../src/core/types.ts';
import { parseArxivAtom } from '../../src/services/arxiv-registry.ts';
import { parseCrossrefWork } from '../../src/services/crossref-registry.ts';
import { atomEntry } from '../helpers/fake-registries.ts';

const TITLE = 'SIEVE: Sentence-Level Evidence Selection for Faithful Question Answering over Long Scientific Documents';

const record = (over: Partial<RegistryRecord> = {}): RegistryRecord => ({
  source: 'arxiv',
  id: '2501.04217',
  title: TITLE,
  authors: ['Mira Okafor', 'Daniel Reyes', 'Lena Hoffmann', 'Tomás Varga'],
  abstract: null,
  published: null,
  updated: null,
  doi: null,
  container: null,
  ...over,
});

const structure = (over: Partial<PaperStructure> = {}): PaperStructure => ({
  title: TITLE,
  authors: [],
  affiliation: null,
  keywords: [],
  abstract: null,
  sections: [],
  arxivId: null,
  doi: null,
  githubUrls: [],
  language: 'en',
  pages: [],
  ...over,
});

function memoryCache(): SummaryCache & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: async <T>(k: string) => data.get(k) as T | undefined, set: async (k, v) => void data.set(k, v) };
}

function countingRegistry(answer: (ids: RegistryIds) => RegistryRecord | null | Error): PaperRegistry & { calls: RegistryIds[] } {
  const calls: RegistryIds[] = [];
  return {
    calls,
    async lookup(ids) {
      calls.push(ids);
      const a = answer(ids);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

describe('titlesMatch: the registry title is the printed title', () => {
  it.each([
    [TITLE, 'SIEVE: Sentence-Level Evidence Selection for Faithful Question Answering\n  over Long Scientific Documents'],
    ['Pre-training of Deep Bidirectional Transformers', 'Pretraining of deep bidirectional transformers'],
    ['Learning in O(n) Time', 'Learning in $\\mathcal{O}(n)$ Time'],
    ['Réseaux de neurones profonds', 'Reseaux de Neurones Profonds'],
    ['Efﬁcient Fine-Tuning of Large Models at Scale', 'Efficient Fine-Tuning of Large Models at Scale'],
    // One word lost by the layout in a long title.
    [TITLE.replace(' Faithful', ''), TITLE],
  ])('%s ≈ %s', (a, b) => expect(titlesMatch(a, b)).toBe(true));

  it.each([
    [TITLE, 'Attention Is All You Need'],
    ['Deep Learning', 'Deep Learning for Graphs'],
    ['基于深度学习的论文摘要方法研究', 'A Study of Paper Summarization Based on Deep Learning'],
    [null, TITLE],
    ['', TITLE],
  ])('%s ≠ %s', (a, b) => expect(titlesMatch(a, b)).toBe(false));
});

describe('mergeRegistryRecord', () => {
  it('fills an empty author list; title and everything else stay as printed', () => {
    const s = structure({ title: `${TITLE}∗`, abstract: 'Printed abstract.' });
    const merged = mergeRegistryRecord(s, record({ title: TITLE.toUpperCase(), abstract: 'Registry abstract.' }));
    expect(merged).toEqual({ ...s, authors: record().authors });
  });

  it('adds the names the PDF hid, keeping the printed forms of the ones it shows', () => {
    const merged = mergeRegistryRecord(structure({ authors: ['M. Okafor', 'Tomas Varga'] }), record());
    expect(merged.authors).toEqual(['M. Okafor', 'Daniel Reyes', 'Lena Hoffmann', 'Tomas Varga']);
  });

  it('keeps the PDF\'s list when it names someone the registry does not (the lists disagree), or is complete', () => {
    const odd = structure({ authors: ['Mira Okafor', 'Northbridge University'] });
    expect(mergeRegistryRecord(odd, record())).toBe(odd);
    const full = structure({ authors: ['Mira Okafor', 'Daniel Reyes', 'Lena Hoffmann', 'Tomás Varga'] });
    expect(mergeRegistryRecord(full, record())).toBe(full);
  });

  it('tells apart two authors who share a family name and an initial', () => {
    const merged = mergeRegistryRecord(structure({ authors: ['Yu Li'] }), record({ authors: ['Yan Li', 'Yu Li', 'Wei Zhang'] }));
    expect(merged.authors).toEqual(['Yan Li', 'Yu Li', 'Wei Zhang']);
    const other = structure({ authors: ['Yun Li'] });
    expect(mergeRegistryRecord(other, record({ authors: ['Yan Li', 'Yu Li', 'Wei Zhang'] }))).toBe(other);
  });

  it('ignores a record whose title is another paper\'s; a Chinese paper keeps its own title and authors', () => {
    const s = structure();
    expect(mergeRegistryRecord(s, record({ title: 'Attention Is All You Need' }))).toBe(s);
    const zh = structure({ title: '基于深度学习的论文摘要方法研究', authors: ['张伟'], language: 'zh' });
    expect(mergeRegistryRecord(zh, record({ title: 'A Study of Paper Summarization Based on Deep Learning', authors: ['Wei Zhang', 'Li Wang'] }))).toBe(zh);
  });
});

describe('registryIds: what to ask, best first', () => {
  it('the typed id first, then the printed stamp and DOI; an arXiv DOI goes to arXiv; no repeats', () => {
    expect(registryIds('https://doi.org/10.1145/3292500.3330701', structure({ arxivId: '2501.04217v1', doi: '10.1145/3292500.3330701' }))).toEqual([
      { doi: '10.1145/3292500.3330701' },
      { arxiv: '2501.04217v1' },
    ]);
    expect(registryIds('https://arxiv.org/abs/hep-th/9901001v2', structure({ doi: '10.48550/arXiv.2501.04217' }))).toEqual([{ arxiv: 'hep-th/9901001v2' }, { arxiv: '2501.04217' }]);
    expect(registryIds('https://doi.org/10.1000/a%3Cb', structure())).toEqual([{ doi: '10.1000/a<b' }]);
    expect(registryIds(undefined, structure())).toEqual([]);
    expect(registryIds('https://example.org/paper.pdf', structure())).toEqual([]);
  });
});

describe('withRegistry', () => {
  it('asks nothing when the PDF has no title to compare with', async () => {
    const reg = countingRegistry(() => record());
    const s = structure({ title: null, arxivId: '2501.04217' });
    expect(await withRegistry(s, undefined, reg)).toBe(s);
    expect(reg.calls).toEqual([]);
  });

  it('tries the next id when a record does not match, and stops at the first that does', async () => {
    const reg = countingRegistry((ids) => (ids.arxiv === '2502.00001' ? record({ title: 'Other' }) : record()));
    const merged = await withRegistry(structure({ arxivId: '2501.04217', doi: '10.1/x' }), 'https://arxiv.org/abs/2502.00001', reg);
    expect(reg.calls).toEqual([{ arxiv: '2502.00001' }, { arxiv: '2501.04217' }]);
    expect(merged.authors).toHaveLength(4);
  });
});

describe('createCachedRegistry', () => {
  it('caches a record and "not found" by id, "not found" for a shorter time', async () => {
    let now = 0;
    const cache = memoryCache();
    const inner = countingRegistry((ids) => (ids.arxiv === 'known' ? record() : null));
    const reg = createCachedRegistry(inner, { cache, name: 'arxiv', now: () => now, foundTtlMs: 10_000, notFoundTtlMs: 1000 });
    await reg.lookup({ arxiv: 'known' });
    await reg.lookup({ arxiv: 'missing' });
    now = 500;
    expect(await reg.lookup({ arxiv: 'known' })).toEqual(record());
    expect(await reg.lookup({ arxiv: 'missing' })).toBeNull();
    expect(inner.calls).toHaveLength(2);
    now = 2000; // "not found" has lapsed, the record has not
    await reg.lookup({ arxiv: 'known' });
    await reg.lookup({ arxiv: 'missing' });
    expect(inner.calls.map((c) => c.arxiv)).toEqual(['known', 'missing', 'missing']);
    expect([...cache.data.keys()]).toEqual(['registry:v1:arxiv:arxiv:known', 'registry:v1:arxiv:arxiv:missing']);
  });

  it('a failure is a warning and null, not cached, and the registry is left alone for the back-off', async () => {
    let now = 0;
    const warnings: string[] = [];
    const inner = countingRegistry(() => new Error('connect ECONNREFUSED'));
    const reg = createCachedRegistry(inner, { cache: memoryCache(), name: 'crossref', now: () => now, failureBackoffMs: 60_000, onWarning: (m) => warnings.push(m) });
    expect(await reg.lookup({ doi: '10.1/A' })).toBeNull();
    expect(await reg.lookup({ doi: '10.1/b' })).toBeNull();
    expect(inner.calls).toHaveLength(1);
    expect(warnings).toEqual(['crossref was not reachable for doi:10.1/a (connect ECONNREFUSED), so the authors come from the PDF alone (not asked again for 60 s)']);
    now = 60_001;
    await reg.lookup({ doi: '10.1/A' });
    expect(inner.calls).toHaveLength(2);
  });

  it('"busy" (no turn in time) starts no back-off', async () => {
    const inner = countingRegistry(() => new RegistryBusyError('no turn'));
    const reg = createCachedRegistry(inner, { cache: memoryCache(), name: 'arxiv' });
    await reg.lookup({ arxiv: 'a' });
    await reg.lookup({ arxiv: 'a' });
    expect(inner.calls).toHaveLength(2);
  });
});

describe('createPacer', () => {
  it('arXiv asks for one request every 3 s', () => expect(ARXIV_INTERVAL_MS).toBe(3000));

  it('one turn per interval; a caller that cannot get one within maxWaitMs is told so', async () => {
    const intervalMs = 150;
    const pacer = createPacer({ key: 'k', intervalMs, maxWaitMs: 1000, pollMs: 5 });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await pacer.turn()).toBe(true);
      times.push(Date.now());
    }
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(intervalMs - 5);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(intervalMs - 5);
    const slow = createPacer({ key: 'k', intervalMs: 10_000, maxWaitMs: 50, pollMs: 5 });
    expect(await slow.turn()).toBe(true);
    expect(await slow.turn()).toBe(false);
  });
});

describe('parsing the registries\' answers', () => {
  const feed = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title type="html">ArXiv Query</title>\n${entries}</feed>`;

  it('an arXiv entry: title on one line, every author, dates, DOI, journal reference', () => {
    const xml = feed(atomEntry('2501.04217', { title: TITLE, authors: ['Mira Okafor', 'Tomás Varga'], doi: '10.5555/x.1', journal: 'Proc. ACL 2025', abstract: 'We & they.' }));
    expect(parseArxivAtom(xml, '2501.04217')).toEqual({
      source: 'arxiv',
      id: '2501.04217',
      title: TITLE,
      authors: ['Mira Okafor', 'Tomás Varga'],
      abstract: 'We & they.',
      published: '2025-01-09',
      updated: '2025-01-10',
      doi: '10.5555/x.1',
      container: 'Proc. ACL 2025',
    });
  });

  it('an empty feed, an error entry, or an entry for another id is "not found"; a non-feed throws', () => {
    expect(parseArxivAtom(feed(''), '2501.04217')).toBeNull();
    const error = '<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry>';
    expect(parseArxivAtom(feed(error), '1234')).toBeNull();
    expect(parseArxivAtom(feed(atomEntry('2501.09999', { title: TITLE, authors: ['A B'] })), '2501.04217')).toBeNull();
    expect(() => parseArxivAtom('<html><body>Service Unavailable</body></html>', '2501.04217')).toThrow(/not an Atom feed/);
  });

  it('a Crossref work: given + family names, organizations by name, container, date', () => {
    const json = JSON.stringify({
      status: 'ok',
      message: {
        DOI: '10.1145/3292500.3330701',
        title: ['Deep Learning for Graphs'],
        author: [{ given: 'Ana', family: 'Silva' }, { family: 'Okafor' }, { name: 'The ACME Consortium' }],
        'container-title': ['Proceedings of KDD'],
        issued: { 'date-parts': [[2019, 7, 25]] },
        abstract: '<jats:p>An <jats:italic>abstract</jats:italic>.</jats:p>',
      },
    });
    expect(parseCrossrefWork(json, '10.1145/3292500.3330701')).toMatchObject({
      source: 'crossref',
      title: 'Deep Learning for Graphs',
      authors: ['Ana Silva', 'Okafor', 'The ACME Consortium'],
      container: 'Proceedings of KDD',
      published: '2019-07-25',
      abstract: 'An abstract .',
    });
    expect(() => parseCrossrefWork('Resource not found.', '10.1/x')).toThrow();
  });
});
