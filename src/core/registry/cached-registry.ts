/**
 * A registry client made safe for the pipeline: answers are cached by id (a record for long, "not found" for a
 * shorter time), and a registry that fails is a warning, never an error: the lookup resolves null (PDF only) and the
 * registry is left alone for a while, so an unreachable one does not cost every paper its timeout.
 */
import { isPaperError } from '../errors.ts';
import type { SummaryCache } from '../ports.ts';
import { RegistryBusyError, type PaperRegistry, type RegistryIds, type RegistryRecord } from './registry-port.ts';

export const REGISTRY_FOUND_TTL_MS = 7 * 24 * 3600_000;
export const REGISTRY_NOT_FOUND_TTL_MS = 3600_000;
export const REGISTRY_FAILURE_BACKOFF_MS = 60_000;

export interface CachedRegistryOptions {
  cache: SummaryCache;
  /** Names the registry in warnings and cache keys ("arxiv", "crossref"). */
  name: string;
  onWarning?: ((message: string) => void) | undefined;
  foundTtlMs?: number;
  notFoundTtlMs?: number;
  failureBackoffMs?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  record: RegistryRecord | null;
}

function idOf(ids: RegistryIds): string | null {
  if (ids.arxiv) return `arxiv:${ids.arxiv}`;
  if (ids.doi) return `doi:${ids.doi.toLowerCase()}`;
  return null;
}

export function createCachedRegistry(inner: PaperRegistry, opts: CachedRegistryOptions): PaperRegistry {
  const now = opts.now ?? Date.now;
  const foundTtl = opts.foundTtlMs ?? REGISTRY_FOUND_TTL_MS;
  const notFoundTtl = opts.notFoundTtlMs ?? REGISTRY_NOT_FOUND_TTL_MS;
  const backoff = opts.failureBackoffMs ?? REGISTRY_FAILURE_BACKOFF_MS;
  let resting = -Infinity;
  return {
    async lookup(ids) {
      const id = idOf(ids);
      if (!id) return null;
      const key = `registry:v1:${opts.name}:${id}`;
      const hit = await opts.cache.get<Entry>(key);
      if (hit && typeof hit.at === 'number' && now() - hit.at < (hit.record ? foundTtl : notFoundTtl)) return hit.record;
      if (now() < resting) return null;
      try {
        const record = await inner.lookup(ids);
        await opts.cache.set<Entry>(key, { at: now(), record });
        return record;
      } catch (err) {
        const busy = err instanceof RegistryBusyError;
        if (!busy) resting = now() + backoff;
        // Plain words: the command line prints this warning as it is.
        const why = isPaperError(err) ? String(err.data.reason ?? err.code.replace('_', ' ')) : err instanceof Error ? err.message : String(err);
        opts.onWarning?.(`${opts.name} was ${busy ? 'busy' : 'not reachable'} for ${id} (${why}), so the authors come from the PDF alone${busy ? '' : ` (not asked again for ${Math.round(backoff / 1000)} s)`}`);
        return null;
      }
    },
  };
}

/** Routes each id to its registry: arXiv ids to arXiv, DOIs to Crossref. */
export function routeRegistries(by: { arxiv?: PaperRegistry | undefined; doi?: PaperRegistry | undefined }): PaperRegistry {
  return {
    async lookup(ids) {
      if (ids.arxiv) return by.arxiv ? by.arxiv.lookup({ arxiv: ids.arxiv }) : null;
      if (ids.doi) return by.doi ? by.doi.lookup({ doi: ids.doi }) : null;
      return null;
    },
  };
}
