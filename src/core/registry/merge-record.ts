/**
 * A registry record merged into what the structure stage found. Used only when the record's title is the printed
 * title (so a wrong id cannot plant metadata). Only the author list changes, and only to add names the PDF's layout
 * hid: when the PDF gave none, or a part of the registry's list. Names the PDF prints keep their printed form; the
 * title and everything else stay as printed.
 */
import type { PaperStructure } from '../types.ts';
import { titlesMatch } from './match-title.ts';
import type { RegistryRecord } from './registry-port.ts';

const MARKS = /\p{M}+/gu;
const NOT_LETTER = /[^\p{L}]+/gu;

/** Family name plus first initial, accents folded: "Tomás Varga", "T. Varga" and "TOMAS VARGA" agree. */
export function nameKey(name: string): string {
  const words = name.normalize('NFKD').replace(MARKS, '').toLowerCase().split(NOT_LETTER).filter(Boolean);
  if (words.length === 0) return '';
  if (words.length === 1) return words[0]!;
  return `${words[words.length - 1]} ${words[0]![0]}`;
}

/** Every word of the name, accents folded: for lists where two people share a family name and an initial. */
function fullKey(name: string): string {
  return name.normalize('NFKD').replace(MARKS, '').toLowerCase().split(NOT_LETTER).filter(Boolean).join(' ');
}

const hasDuplicates = (keys: readonly string[]) => new Set(keys).size !== keys.length;

/** Whether the record's title is the one the PDF prints. */
export function recordMatches(structure: Pick<PaperStructure, 'title'>, record: RegistryRecord): boolean {
  return titlesMatch(structure.title, record.title);
}

export function mergeRegistryRecord(structure: PaperStructure, record: RegistryRecord): PaperStructure {
  if (!recordMatches(structure, record) || record.authors.length === 0) return structure;
  if (structure.authors.length === 0) return { ...structure, authors: [...record.authors] };
  if (record.authors.length <= structure.authors.length) return structure;
  const loose = [...structure.authors, ...record.authors].map(nameKey);
  const key = hasDuplicates(structure.authors.map(nameKey)) || hasDuplicates(record.authors.map(nameKey)) || loose.includes('') ? fullKey : nameKey;
  const printed = new Map<string, string>();
  for (const name of structure.authors) printed.set(key(name), name);
  const registryKeys = new Set(record.authors.map(key));
  // A printed name the registry does not list means the lists disagree: the PDF's stays.
  if ([...printed.keys()].some((k) => !registryKeys.has(k))) return structure;
  return { ...structure, authors: record.authors.map((name) => printed.get(key(name)) ?? name) };
}
