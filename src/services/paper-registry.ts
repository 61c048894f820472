/**
 * The registries as the configuration asks (REGISTRY_LOOKUP, ARXIV_API_URL, CROSSREF_API_URL, CROSSREF_MAILTO): arXiv
 * for arXiv ids, Crossref for DOIs, each cached and failing soft. Null when REGISTRY_LOOKUP=off (no request at all).
 * Registry endpoints are operator-trusted: their hosts may be private (a mirror), so each client's fetcher trusts
 * exactly its own endpoint's host and port (not FETCH_ALLOW_HOSTS: a registry has no business redirecting there).
 */
import type { Config } from '../config.ts';
import type { ClaimStore, SummaryCache } from '../core/ports.ts';
import { createCachedRegistry, routeRegistries } from '../core/registry/cached-registry.ts';
import { ARXIV_INTERVAL_MS, createPacer } from '../core/registry/pacer.ts';
import type { PaperRegistry, RegistryIds } from '../core/registry/registry-port.ts';

/** One lookup's request, headers and body; past it the paper is summarized from the PDF alone. */
export const REGISTRY_TIMEOUT_MS = 5000;
/** A registry answer for one paper is small; anything larger is not one. */
const REGISTRY_MAX_BYTES = 2 * 1024 * 1024;

export interface PaperRegistryOptions {
  cache: SummaryCache;
  /** Where arXiv's turns are claimed: Redis in scaled mode (shared by every process); this process's memory otherwise. */
  claims?: ClaimStore | undefined;
  onWarning?: ((message: string) => void) | undefined;
  timeoutMs?: number;
  /** arXiv's pacing; tests shorten it. */
  arxivIntervalMs?: number;
}

type RegistryConfig = Pick<Config, 'REGISTRY_LOOKUP' | 'ARXIV_API_URL' | 'CROSSREF_API_URL' | 'CROSSREF_MAILTO'>;

export function createPaperRegistry(config: RegistryConfig, opts: PaperRegistryOptions): PaperRegistry | null {
  if (config.REGISTRY_LOOKUP === 'off' || !config.ARXIV_API_URL || !config.CROSSREF_API_URL) return null;
  const { ARXIV_API_URL: arxivUrl, CROSSREF_API_URL: crossrefUrl, CROSSREF_MAILTO: mailto } = config;
  const timeoutMs = opts.timeoutMs ?? REGISTRY_TIMEOUT_MS;
  const interval = opts.arxivIntervalMs ?? ARXIV_INTERVAL_MS;
  // Waiting is bounded: two turns' worth, then the paper goes on without arXiv.
  const pacer = createPacer({ key: 'registry:arxiv:turn', intervalMs: interval, maxWaitMs: Math.round(2.5 * interval), claims: opts.claims });
  // The clients (XML parser, fetcher) load with the first lookup: a paper without ids, or a cached answer, never needs them.
  let clients: Promise<{ arxiv: PaperRegistry; crossref: PaperRegistry }> | undefined;
  const load = () =>
    (clients ??= Promise.all([import('./arxiv-registry.ts'), import('./crossref-registry.ts'), import('./guarded-fetch.ts'), import('./trusted-hosts.ts')]).then(([a, c, g, t]) => {
      const fetcherFor = (endpoint: string) =>
        g.createGuardedFetcher({ maxBytes: REGISTRY_MAX_BYTES, timeoutMs, maxRedirects: 2, allowHosts: [t.allowedHostOf(endpoint)] });
      return {
        arxiv: a.createArxivRegistry({ apiUrl: arxivUrl, fetcher: fetcherFor(arxivUrl), pacer }),
        crossref: c.createCrossrefRegistry({ apiUrl: crossrefUrl, fetcher: fetcherFor(crossrefUrl), mailto }),
      };
    }));
  const arxiv: PaperRegistry = { lookup: async (ids: RegistryIds) => (await load()).arxiv.lookup(ids) };
  const crossref: PaperRegistry = { lookup: async (ids: RegistryIds) => (await load()).crossref.lookup(ids) };
  const common = { cache: opts.cache, onWarning: opts.onWarning };
  return routeRegistries({
    arxiv: createCachedRegistry(arxiv, { ...common, name: 'arxiv' }),
    doi: createCachedRegistry(crossref, { ...common, name: 'crossref' }),
  });
}
