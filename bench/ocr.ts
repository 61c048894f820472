/**
 * npm run bench:ocr [folder …]: the papers whose text layer cannot be read (scans, garbled layers), read by OCR the
 * way the summarizer does (pages picked by the text-layer scores, front pages first, the default OCR settings), over
 * ../shared/papers and ../shared/papers-more by default. Prints per paper: pages recognized, seconds per page, the
 * languages chosen, whether the text is now usable, and title / authors / first author against expected.json.
 * A benchmark: it prints figures and asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../src/config.ts';
import { pagesToRecognize, recognizePages } from '../src/core/pipeline/ocr-fallback.ts';
import { analyzePaper, assessTextLayer } from '../src/core/structure/index.ts';
import { pageQualities } from '../src/core/structure/text-layer.ts';
import { createPdfExtractor } from '../src/services/pdf-extractor.ts';
import { createTokenizer } from '../src/services/tokenizer.ts';
import type { ExpectedPaper } from '../test/helpers/shared.ts';
import { scorePaper } from '../test/helpers/score.ts';

const shared = path.join(import.meta.dirname, '..', '..', 'shared');
const folders = process.argv.length > 2 ? process.argv.slice(2) : [path.join(shared, 'papers'), path.join(shared, 'papers-more')];
const langs = DEFAULTS.OCR_LANGS.split('+');
const settings = { mode: 'auto' as const, maxPages: DEFAULTS.OCR_MAX_PAGES, timeoutMs: DEFAULTS.OCR_TIMEOUT_S * 1000 };
const extractor = createPdfExtractor({ poolSize: 1, ocrLangs: langs });
const tokenizer = createTokenizer();

const rows: string[][] = [['paper', 'pages', 'OCR pages', 's/page', 'langs', 'usable', 'title', 'authors F1', 'first author']];
const perPage: number[] = [];
for (const folder of folders) {
  const file = path.join(folder, 'expected.json');
  if (!existsSync(file)) {
    console.log(`  ${folder}: no expected.json, skipped`);
    continue;
  }
  for (const exp of JSON.parse(readFileSync(file, 'utf8')) as ExpectedPaper[]) {
    const bytes = new Uint8Array(readFileSync(path.join(folder, exp.file)));
    const pdf = await extractor.extract(bytes, { maxPages: 300 }).catch(() => null);
    if (!pdf) continue;
    const verdict = assessTextLayer(pdf);
    const qualities = pageQualities(pdf);
    const pages = pagesToRecognize(pdf, qualities, verdict, settings);
    if (verdict.usable && pages.length === 0) continue;
    const run = await recognizePages(bytes, pdf, pages, qualities, { extractor, tokenizer, settings, maxInputTokens: DEFAULTS.MAX_INPUT_TOKENS }, () => {});
    const after = assessTextLayer(run.pdf);
    const ms = run.pages.map((p) => p.ms);
    perPage.push(...ms);
    const sc = scorePaper(analyzePaper(run.pdf), exp);
    rows.push([
      `${path.basename(folder)}/${exp.file}`,
      String(pdf.totalPages),
      String(run.pages.length),
      ms.length ? (ms.reduce((a, b) => a + b, 0) / ms.length / 1000).toFixed(1) : '-',
      [...new Set(run.pages.map((p) => p.langs))].join(', ') || '-',
      after.usable ? 'yes' : `no${run.problem ? ` (OCR ${run.problem})` : ''}`,
      sc.title ? 'right' : 'wrong',
      sc.authorF1.toFixed(2),
      sc.firstAuthor ? 'right' : 'wrong',
    ]);
  }
}
await extractor.close?.();

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
console.log(rows.map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n'));
const sorted = [...perPage].sort((a, b) => a - b);
const at = (q: number) => ((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) / 1000).toFixed(1);
console.log(`\n  ${sorted.length} pages recognized: seconds per page p50 ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)} (render at 300 dpi + tesseract.js, one core)`);
