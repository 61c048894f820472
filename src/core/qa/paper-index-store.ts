/**
 * The paper's page-tagged passages, kept in the summary cache by sha256 when the paper is first read, so questions in
 * the thread can be answered later without the PDF. Keyed with paperbot's version: a new chunker re-reads papers.
 */
import type { SummaryCache } from '../ports.ts';
import type { PaperStructure } from '../types.ts';
import { chunkPaper } from './chunk-paper.ts';
import type { PaperChunk, PaperIndex } from './types.ts';

export const paperIndexKey = (sha256: string, codeVersion: string) => `paper-index:${codeVersion}:${sha256}`;

export function buildPaperIndex(sha256: string, structure: PaperStructure): PaperIndex {
  return { sha256, title: structure.title, language: structure.language, chunks: chunkPaper(structure) };
}

export async function loadPaperIndex(cache: SummaryCache, sha256: string, codeVersion: string): Promise<PaperIndex | undefined> {
  return cache.get<PaperIndex>(paperIndexKey(sha256, codeVersion));
}

/** The chunks whose text (all or part: a chunk can straddle a section the budget cut) went into the model's input. */
export function chunksIn(sentText: string, chunks: readonly PaperChunk[]): PaperChunk[] {
  const sent = sentText.replace(/\s+/g, '');
  const PROBE = 40;
  return chunks.filter((c) => {
    const t = c.text.replace(/\s+/g, '');
    const probes = [t.slice(0, PROBE), t.slice(Math.floor(t.length / 2) - PROBE / 2, Math.floor(t.length / 2) + PROBE / 2), t.slice(-PROBE)];
    return probes.some((p) => p.length >= 20 && sent.includes(p));
  });
}
