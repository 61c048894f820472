/**
 * Reference time: pdf-parse's own getText on the same bytes, in-process with the module loaded and
 * warm, same pdf.js options as our worker (CMaps for CJK), best of N runs.
 */
import { PDFParse } from 'pdf-parse';
import { pdfjsAssetPaths } from '../src/services/pdf-extractor.ts';

const assets = pdfjsAssetPaths();

async function getTextOnce(bytes: Uint8Array): Promise<{ ms: number; pages: string[] }> {
  const t = performance.now();
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...assets, cMapPacked: true, isEvalSupported: false, verbosity: 0 });
  try {
    const text = await parser.getText();
    return { ms: performance.now() - t, pages: text.pages.map((p) => p.text) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** Best of `runs` getText timings in ms and the page texts (pdf-parse's order), or null when it cannot read the file. */
export async function timeGetText(bytes: Uint8Array, runs: number): Promise<{ ms: number; pages: string[] } | null> {
  let best: { ms: number; pages: string[] } | null = null;
  try {
    for (let i = 0; i < runs; i++) {
      const r = await getTextOnce(bytes);
      if (!best || r.ms < best.ms) best = r;
    }
  } catch {
    return null;
  }
  return best;
}
