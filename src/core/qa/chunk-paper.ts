/**
 * Cuts a paper's cleaned pages into passages of a few sentences that never cross a page, so an answer can cite the
 * page a passage stands on. The reference list is left out: its author names and titles match almost any question
 * and answer none.
 */
import { splitSentences } from '../pipeline/text-units.ts';
import type { PaperStructure } from '../types.ts';
import type { PaperChunk } from './types.ts';

/** About a paragraph: long enough to carry an answer, short enough to cite precisely. */
const TARGET_CHARS = { en: 700, zh: 300 } as const;
const REFERENCES = /^(?:[\dA-Z.]+\s*)?(?:references|bibliography|参\s*考\s*文\s*献)\s*$/i;

const squash = (s: string) => s.replace(/\s+/g, '');

export function chunkPaper(structure: Pick<PaperStructure, 'pages' | 'sections' | 'language'>): PaperChunk[] {
  const target = TARGET_CHARS[structure.language];
  const references = structure.sections.filter((s) => REFERENCES.test(s.heading.trim())).map((s) => squash(s.text));
  const inReferences = (text: string) => {
    const probe = squash(text);
    const mid = probe.slice(Math.floor(probe.length / 3), Math.floor(probe.length / 3) + 40);
    return mid.length >= 20 && references.some((r) => r.includes(mid));
  };
  const chunks: PaperChunk[] = [];
  for (const page of structure.pages) {
    let cur: string[] = [];
    let size = 0;
    let fresh = 0; // sentences not yet in any chunk
    const flush = () => {
      const text = cur.join(structure.language === 'zh' ? '' : ' ').trim();
      if (text.length >= 40 && !inReferences(text)) chunks.push({ page: page.num, text });
      // One sentence of overlap keeps an answer that straddles two passages findable.
      const last = cur.at(-1);
      cur = last && last.length < target / 2 ? [last] : [];
      size = cur.reduce((a, s) => a + s.length, 0);
      fresh = 0;
    };
    for (const s of splitSentences(page.text)) {
      cur.push(s);
      size += s.length;
      fresh++;
      if (size >= target) flush();
    }
    if (fresh > 0) flush();
  }
  return chunks;
}
