/**
 * arXiv's API (Atom) as a PaperRegistry: `${ARXIV_API_URL}?id_list=<id>`, paced to one request per 3 s across every
 * process that shares the claim store, fetched through the guarded fetcher (the operator trusts ARXIV_API_URL's host).
 */
import { XMLParser } from 'fast-xml-parser';
import { isPaperError } from '../core/errors.ts';
import type { Fetcher } from '../core/ports.ts';
import type { Pacer } from '../core/registry/pacer.ts';
import { RegistryBusyError, type PaperRegistry, type RegistryRecord } from '../core/registry/registry-port.ts';

export interface ArxivRegistryOptions {
  apiUrl: string;
  fetcher: Fetcher;
  pacer: Pacer;
}

const LIST_TAGS = new Set(['entry', 'author', 'link']);
// Strings stay strings (an id like 2501.04210 is not a number); entity expansion stays within the parser's limits.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => LIST_TAGS.has(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim() || null;
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return null;
}

const list = (v: unknown): Node[] => (Array.isArray(v) ? v.filter((x): x is Node => !!x && typeof x === 'object') : []);

/** "2501.04217v2" and "hep-th/9901001" without their version: what an entry's abs link must show. */
const bareId = (id: string) => id.replace(/v\d+$/, '');

/** The entry's own id from `http://arxiv.org/abs/<id>`; null for the API's error entries (`…/api/errors#…`). */
function entryId(entry: Node): string | null {
  const m = /\/abs\/(.+)$/.exec(text(entry.id) ?? '');
  return m ? m[1]! : null;
}

/** The Atom answer for one id as a record; null when arXiv has no such paper. Throws on an answer that is no feed. */
export function parseArxivAtom(xml: string, askedId: string): RegistryRecord | null {
  const doc = parser.parse(xml) as Node;
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object') throw new Error('the answer is not an Atom feed');
  const entry = list(feed.entry).find((e) => {
    const id = entryId(e);
    return id !== null && bareId(id) === bareId(askedId);
  });
  const title = entry && text(entry.title);
  if (!entry || !title) return null;
  const doiLink = list(entry.link).find((l) => l['@_title'] === 'doi');
  return {
    source: 'arxiv',
    id: askedId,
    title,
    authors: list(entry.author).map((a) => text(a.name)).filter((n): n is string => n !== null),
    abstract: text(entry.summary),
    published: text(entry.published)?.slice(0, 10) ?? null,
    updated: text(entry.updated)?.slice(0, 10) ?? null,
    doi: text(entry.doi) ?? (typeof doiLink?.['@_href'] === 'string' ? doiLink['@_href'].replace(/^https?:\/\/(?:dx\.)?doi\.org\//, '') : null),
    container: text(entry.journal_ref),
  };
}

export function createArxivRegistry(opts: ArxivRegistryOptions): PaperRegistry {
  return {
    async lookup(ids) {
      if (!ids.arxiv) return null;
      const url = new URL(opts.apiUrl);
      url.searchParams.set('id_list', ids.arxiv);
      url.searchParams.set('max_results', '1');
      if (!(await opts.pacer.turn())) throw new RegistryBusyError('no turn within the wait (arXiv asks for one request every 3 s)');
      let body: Uint8Array;
      try {
        body = (await opts.fetcher.fetchBytes(url.href)).bytes;
      } catch (err) {
        // arXiv answers an unknown or malformed id with 400 or an empty feed: both mean "no such paper".
        if (isPaperError(err) && (err.data.status === 400 || err.data.status === 404)) return null;
        throw err;
      }
      return parseArxivAtom(Buffer.from(body).toString('utf8'), ids.arxiv);
    },
  };
}
