/**
 * The registry step of the pipeline, between the structure stage and the model: asks the registries about the
 * paper's ids in turn and merges the first record whose title is the printed title. Never throws; without a
 * registry, a printed title, or a matching record, the structure is returned as it was.
 */
import type { PaperStructure } from '../types.ts';
import { mergeRegistryRecord, recordMatches } from './merge-record.ts';
import { registryIds } from './paper-ids.ts';
import type { PaperRegistry } from './registry-port.ts';

export async function withRegistry(structure: PaperStructure, knownPaperUrl: string | undefined, registry: PaperRegistry | undefined): Promise<PaperStructure> {
  // Nothing to compare a record with: no request at all.
  if (!registry || !structure.title) return structure;
  for (const ids of registryIds(knownPaperUrl, structure)) {
    const record = await registry.lookup(ids).catch(() => null);
    if (record && recordMatches(structure, record)) return mergeRegistryRecord(structure, record);
  }
  return structure;
}
