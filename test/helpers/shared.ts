/**
 * Access to ../shared (real papers and model outputs, never copied into the repo).
 * Absent on a user's fresh clone: tests that need it skip with a visible note, unless CI is set,
 * where its absence is a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.PAPERBOT_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
export const PAPERS_DIR = path.join(SHARED_DIR, 'papers');
export const LLM_OUTPUTS_DIR = path.join(SHARED_DIR, 'llm-outputs');

export const sharedAvailable = existsSync(path.join(PAPERS_DIR, 'expected.json'));

if (!sharedAvailable) {
  if (process.env.CI) {
    throw new Error(`CI is set but the shared corpus is missing at ${SHARED_DIR}`);
  }
  console.warn(`[paperbot tests] NOTE: ${SHARED_DIR} not found; tests on real papers and model outputs are skipped.`);
}

export interface ExpectedPaper {
  file: string;
  sha256: string;
  pages: number;
  language: 'en' | 'zh';
  has_text_layer: boolean;
  title: string;
  authors: string[];
  first_author_affiliation: string | null;
  keywords: string[] | null;
  arxiv_id: string | null;
  doi: string | null;
  github_urls: string[];
  sections: string[];
  abstract_first_sentence: string | null;
  notes: string;
}

export function loadExpected(): ExpectedPaper[] {
  return JSON.parse(readFileSync(path.join(PAPERS_DIR, 'expected.json'), 'utf8')) as ExpectedPaper[];
}

export function readPaper(file: string): Buffer {
  return readFileSync(path.join(PAPERS_DIR, file));
}
