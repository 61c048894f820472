/**
 * The ids to ask the registries about, best first: what the user typed or linked (the request's canonical arXiv abs
 * or doi.org link), then what page 1 prints (the arXiv stamp, the DOI). An arXiv DOI (10.48550/arXiv.<id>) is asked
 * of arXiv, which knows its authors.
 */
import type { PaperStructure } from '../types.ts';
import type { RegistryIds } from './registry-port.ts';

const ARXIV_ABS = /^https:\/\/arxiv\.org\/abs\/(.+)$/;
const DOI_LINK = /^https:\/\/doi\.org\/(10\..+)$/;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromDoi(doi: string): RegistryIds {
  const arxiv = ARXIV_DOI.exec(doi)?.[1];
  return arxiv ? { arxiv } : { doi };
}

function fromLink(url: string | undefined): RegistryIds | null {
  if (!url) return null;
  const arxiv = ARXIV_ABS.exec(url)?.[1];
  if (arxiv) return { arxiv: decoded(arxiv) };
  const doi = DOI_LINK.exec(url)?.[1];
  return doi ? fromDoi(decoded(doi)) : null;
}

export function registryIds(knownPaperUrl: string | undefined, structure: Pick<PaperStructure, 'arxivId' | 'doi'>): RegistryIds[] {
  const all = [fromLink(knownPaperUrl), structure.arxivId ? { arxiv: structure.arxivId } : null, structure.doi ? fromDoi(structure.doi) : null];
  const seen = new Set<string>();
  const ids: RegistryIds[] = [];
  for (const id of all) {
    if (!id) continue;
    const key = id.arxiv ? `arxiv ${id.arxiv}` : `doi ${id.doi!.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ids.push(id);
  }
  return ids;
}
