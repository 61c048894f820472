/**
 * Reference time: pdf-parse's own getText on the same bytes, in-process with the module loaded and
 * warm, same pdf.js options as our worker (CMaps for CJK), best of N runs.
 */
import { PDFParse } from 'pdf-parse';
import { pdfjsAssetPaths } from '../src/services/pdf-extractor.ts';

const assets = pdfjsAssetPaths();

async function getTextOnce(bytes: Uint8Array): Promise<number> {
  const t = performance.now();
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...assets, cMapPacked: true, isEvalSupported: false, verbosity: 0 });
  try {
    await parser.getText();
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  return performance.now() - t;
}

/** Best of `runs` getText timings in ms, or null when pdf-parse cannot read the file. */
export async function timeGetText(bytes: Uint8Array, runs: number): Promise<number | null> {
  let best = Infinity;
  try {
    for (let i = 0; i < runs; i++) best = Math.min(best, await getTextOnce(bytes));
  } catch {
    return null;
  }
  return best;
}
