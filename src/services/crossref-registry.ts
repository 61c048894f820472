/**
 * Crossref's REST API as a PaperRegistry: `${CROSSREF_API_URL}/works/<doi>` (with `mailto` for Crossref's polite pool
 * when CROSSREF_MAILTO is set), fetched through the guarded fetcher (the operator trusts CROSSREF_API_URL's host).
 */
import { isPaperError } from '../core/errors.ts';
import type { Fetcher } from '../core/ports.ts';
import type { PaperRegistry, RegistryRecord } from '../core/registry/registry-port.ts';

export interface CrossrefRegistryOptions {
  apiUrl: string;
  fetcher: Fetcher;
  mailto?: string | undefined;
}

type Node = Record<string, unknown>;

const first = (v: unknown): string | null => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() ? s.replace(/\s+/g, ' ').trim() : null;
};

/** `{ 'date-parts': [[2021, 3, 5]] }` → "2021-03-05" (as much of it as is given). */
function dateOf(v: unknown): string | null {
  const parts = (v as { 'date-parts'?: unknown } | undefined)?.['date-parts'];
  const p = Array.isArray(parts) && Array.isArray(parts[0]) ? (parts[0] as unknown[]).filter((n): n is number => typeof n === 'number') : [];
  if (p.length === 0) return null;
  return p
    .slice(0, 3)
    .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
    .join('-');
}

function authorName(a: Node): string | null {
  const given = first(a.given);
  const family = first(a.family);
  if (family) return given ? `${given} ${family}` : family;
  return first(a.name); // an organization as author
}

/** JATS markup out of Crossref's abstracts. */
const plain = (s: string | null) => (s ? s.replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ').trim() || null : null);

/** A Crossref `works` answer as a record; null when it names no title. Throws on an answer that is not JSON. */
export function parseCrossrefWork(json: string, askedDoi: string): RegistryRecord | null {
  const doc = JSON.parse(json) as { message?: Node };
  const m = doc?.message;
  if (!m || typeof m !== 'object') throw new Error('the answer has no message');
  const title = first(m.title);
  if (!title) return null;
  const subtitle = first(m.subtitle);
  return {
    source: 'crossref',
    id: askedDoi.toLowerCase(),
    title: subtitle && !title.toLowerCase().includes(subtitle.toLowerCase()) ? `${title}: ${subtitle}` : title,
    authors: (Array.isArray(m.author) ? (m.author as Node[]) : []).map(authorName).filter((n): n is string => n !== null),
    abstract: plain(first(m.abstract)),
    published: dateOf(m.published) ?? dateOf(m.issued),
    updated: null,
    doi: first(m.DOI) ?? askedDoi,
    container: first(m['container-title']),
  };
}

export function createCrossrefRegistry(opts: CrossrefRegistryOptions): PaperRegistry {
  let base = opts.apiUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  return {
    async lookup(ids) {
      if (!ids.doi) return null;
      const url = new URL(`${base}/works/${ids.doi.split('/').map(encodeURIComponent).join('/')}`);
      if (opts.mailto) url.searchParams.set('mailto', opts.mailto);
      let body: Uint8Array;
      try {
        body = (await opts.fetcher.fetchBytes(url.href)).bytes;
      } catch (err) {
        if (isPaperError(err) && err.data.status === 404) return null;
        throw err;
      }
      return parseCrossrefWork(Buffer.from(body).toString('utf8'), ids.doi);
    },
  };
}
