/**
 * tsx bench/extract.ts [folder expected.json]: extraction + structure over real papers with ground
 * truth (default ../shared/papers/; `npm run bench:extract` runs it on ../shared/papers and ../shared/papers-more), printing per-field hits with the matching rule and time per paper
 * next to pdf-parse's own getText on the same file. A benchmark: it prints figures and asserts nothing.
 * BENCH_RUNS (default 3): timings are the best of that many warm runs, for ours and for getText alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePaper, assessTextLayer } from '../src/core/structure/index.ts';
import { pageQualities } from '../src/core/structure/text-layer.ts';
import type { ExtractedPdf, PaperStructure } from '../src/core/types.ts';
import { createPdfExtractor } from '../src/services/pdf-extractor.ts';
import type { ExpectedPaper } from '../test/helpers/shared.ts';
import { fieldTable, type ScoredRow } from './field-table.ts';
import { timeGetText } from './get-text-baseline.ts';
import { charsBeforeTitle, TITLE_FIRST_SLACK } from '../test/helpers/title-first.ts';

const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', 'shared', 'papers'));
const expectedFile = path.resolve(process.argv[3] ?? path.join(folder, 'expected.json'));
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedPaper[];
const extractor = createPdfExtractor({ poolSize: 1 });

interface Timed extends ScoredRow {
  pages: number;
  extractMs: number;
  structureMs: number;
  getTextMs: number | null;
  /** Page-1 text before the title: ours, and pdf-parse getText's content-stream order. */
  beforeTitle: number | null;
  beforeTitleGetText: number | null;
  /** assessTextLayer's reason when it refuses the paper. */
  reason: string | null;
  /** Pages the text-layer check scores garbled / empty. */
  garbledPages: number;
  emptyPages: number;
}

/** Best-of-runs extraction and structure times (the result of the last run is kept). */
async function measure(bytes: Uint8Array): Promise<{ pdf: ExtractedPdf; s: PaperStructure; extractMs: number; structureMs: number }> {
  let best = { extractMs: Infinity, structureMs: Infinity };
  let out: { pdf: ExtractedPdf; s: PaperStructure } | null = null;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const pdf = await extractor.extract(bytes, { maxPages: 300 });
    const extractMs = performance.now() - t;
    t = performance.now();
    const s = analyzePaper(pdf);
    const structureMs = performance.now() - t;
    best = { extractMs: Math.min(best.extractMs, extractMs), structureMs: Math.min(best.structureMs, structureMs) };
    out = { pdf, s };
  }
  return { ...out!, ...best };
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length === 0 ? NaN : v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
};
const pad = (rows: string[][]) => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
};

// Warm both sides so the first paper's figure is not module or worker start-up.
if (expected[0]) {
  const warm = readFileSync(path.join(folder, expected[0].file));
  await extractor.extract(warm, { maxPages: 300 }).catch(() => undefined);
  await timeGetText(warm, 1);
}

const rows: Timed[] = [];
for (const exp of expected) {
  const bytes = readFileSync(path.join(folder, exp.file));
  try {
    const m = await measure(bytes);
    const baseline = await timeGetText(bytes, runs);
    const title = exp.title ?? '';
    const layer = assessTextLayer(m.pdf);
    const qualities = pageQualities(m.pdf);
    rows.push({
      exp,
      s: m.s,
      usable: layer.usable,
      reason: layer.reason,
      garbledPages: qualities.filter((q) => q.verdict === 'garbled').length,
      emptyPages: qualities.filter((q) => q.verdict === 'empty').length,
      pages: m.pdf.totalPages,
      extractMs: m.extractMs,
      structureMs: m.structureMs,
      getTextMs: baseline?.ms ?? null,
      beforeTitle: charsBeforeTitle(m.pdf.pages.map((p) => p.text), title),
      beforeTitleGetText: baseline ? charsBeforeTitle(baseline.pages, title) : null,
    });
  } catch (err) {
    console.log(`  ${exp.file}: failed (${(err as Error).message})`);
  }
}
await extractor.close?.();

const f = (v: number | null) => (v === null ? '-' : v.toFixed(0));
const ratio = (r: Timed) => (r.getTextMs ? (r.extractMs + r.structureMs) / r.getTextMs : null);
console.log(`\ntime per paper, ms (best of ${runs}; ours = worker extraction + structure; getText = pdf-parse in-process)`);
console.log(
  pad([
    ['paper', 'pages', 'extract', 'structure', 'ours', 'getText', 'ours/getText'],
    ...rows.map((r) => [r.exp.file, String(r.pages), f(r.extractMs), r.structureMs.toFixed(1), f(r.extractMs + r.structureMs), f(r.getTextMs), ratio(r)?.toFixed(2) ?? '-']),
  ]),
);
const short = rows.filter((r) => r.pages <= 20);
const ratios = short.map(ratio).filter((x): x is number => x !== null);
console.log(
  `\n  papers <= 20 pages (${short.length}): median ours ${f(median(short.map((r) => r.extractMs + r.structureMs)))} ms` +
    ` (extract ${f(median(short.map((r) => r.extractMs)))}, structure ${median(short.map((r) => r.structureMs)).toFixed(1)}),` +
    ` median getText ${f(median(short.flatMap((r) => (r.getTextMs === null ? [] : [r.getTextMs]))))} ms, median ratio ${median(ratios).toFixed(2)}`,
);
console.log(`\nfield hits (${rows.filter((r) => r.exp.has_text_layer).length} papers with a text layer; ${folder})`);
console.log(pad([['field', 'result', 'rule'], ...fieldTable(rows)]));

// Reading order: the title comes first on page 1 (see test/helpers/title-first.ts for the rule).
const titled = rows.filter((r) => r.exp.has_text_layer && r.exp.title);
const first = (v: number | null) => v !== null && v <= TITLE_FIRST_SLACK;
console.log(
  `\nreading order (${titled.length} papers): title first on page 1 in ours ${titled.filter((r) => first(r.beforeTitle)).length}/${titled.length},` +
    ` in pdf-parse getText's order ${titled.filter((r) => first(r.beforeTitleGetText)).length}/${titled.length}` +
    ` (at most ${TITLE_FIRST_SLACK} letters before it, not counting stamps, page numbers and running heads)`,
);
const moved = titled.filter((r) => r.beforeTitle !== r.beforeTitleGetText);
for (const r of moved) console.log(`  ${r.exp.file}: ${r.beforeTitleGetText ?? 'not found'} -> ${r.beforeTitle ?? 'not found'} letters before the title`);

// Text layers: expected.json's text_layer_usable (false for a garbled layer) where given, else has_text_layer.
const readable = (r: Timed) => (r.exp as { text_layer_usable?: boolean | null }).text_layer_usable ?? r.exp.has_text_layer;
const unreadable = rows.filter((r) => !readable(r));
const scanned = unreadable.filter((r) => !r.exp.has_text_layer);
const garbled = unreadable.filter((r) => r.exp.has_text_layer);
const refusedWrongly = rows.filter((r) => readable(r) && !r.usable);
console.log(
  `\nscanned / garbled text layers detected: ${rows.filter((r) => r.usable === readable(r)).length}/${rows.length} right` +
    ` (scanned ${scanned.filter((r) => !r.usable).length}/${scanned.length}, garbled ${garbled.filter((r) => !r.usable).length}/${garbled.length},` +
    ` readable papers refused ${refusedWrongly.length}/${rows.length - unreadable.length})`,
);
for (const r of rows.filter((r) => !r.usable || r.garbledPages > 0 || !readable(r))) {
  console.log(`  ${r.exp.file}: ${r.usable ? 'read' : `no_text: ${r.reason}`}; pages garbled ${r.garbledPages}, empty ${r.emptyPages} of ${r.pages}`);
}
