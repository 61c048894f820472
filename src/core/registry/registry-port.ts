/** What a paper registry (arXiv, Crossref) says about one paper, and the port the core asks it through. */

export interface RegistryRecord {
  source: 'arxiv' | 'crossref';
  /** The id it was found under (arXiv id, or DOI in lower case). */
  id: string;
  title: string;
  /** Full author list in the registry's order, "Given Family". */
  authors: string[];
  abstract: string | null;
  /** ISO dates (YYYY, YYYY-MM or YYYY-MM-DD) when known. */
  published: string | null;
  updated: string | null;
  doi: string | null;
  /** Journal or proceedings (Crossref's container-title, arXiv's journal reference). */
  container: string | null;
}

/** One id per call: the arXiv id or the DOI. */
export interface RegistryIds {
  arxiv?: string | undefined;
  doi?: string | undefined;
}

/**
 * A registry client. Resolves null when the registry has no such paper; throws when it cannot answer (unreachable,
 * timeout, 5xx, a malformed answer). The core only ever calls it through createCachedRegistry, which never throws.
 */
export interface PaperRegistry {
  lookup(ids: RegistryIds): Promise<RegistryRecord | null>;
}

/** Thrown when a lookup could not get its turn in time (arXiv's pacing): the registry is not down, only busy. */
export class RegistryBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryBusyError';
  }
}
