/**
 * npm run bench [folder]: time per pipeline stage (extract, structure, budget) for every PDF in a folder.
 * One JSON line per paper, then a summary line. A benchmark, not a test: it prints figures and asserts nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { budgetPaper } from '../src/core/pipeline/budget.ts';
import { describeError } from '../src/core/error-messages.ts';
import { assertPdf } from '../src/core/input/sniff-pdf.ts';
import { analyzePaper, assessTextLayer } from '../src/core/structure/index.ts';
import { createPdfExtractor } from '../src/services/pdf-extractor.ts';
import { createTokenizer } from '../src/services/tokenizer.ts';

const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', 'shared', 'papers'));
const maxTokens = Number(process.env.MAX_INPUT_TOKENS ?? 8000);
const files = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
const extractor = createPdfExtractor({ poolSize: 1 });
const tokenizer = createTokenizer();
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

// Warm the worker so the first paper's time is not the worker's start-up.
if (files[0]) await extractor.extract(readFileSync(path.join(folder, files[0])), { maxPages: 1 }).catch(() => undefined);

const totals = { papers: 0, failed: 0, pages: 0, extractMs: 0, structureMs: 0, budgetMs: 0 };
for (const file of files) {
  const bytes = readFileSync(path.join(folder, file));
  const line: Record<string, unknown> = { file, bytes: bytes.length };
  try {
    assertPdf(bytes);
    let t = process.hrtime.bigint();
    const pdf = await extractor.extract(bytes, { maxPages: 300 });
    line.extractMs = +ms(t).toFixed(1);
    line.pages = pdf.totalPages;
    line.chars = pdf.pages.reduce((a, p) => a + p.text.length, 0);
    const quality = assessTextLayer(pdf);
    t = process.hrtime.bigint();
    const structure = analyzePaper(pdf);
    line.structureMs = +ms(t).toFixed(1);
    t = process.hrtime.bigint();
    const budget = quality.usable ? budgetPaper(structure, maxTokens, tokenizer) : null;
    line.budgetMs = +ms(t).toFixed(1);
    line.paperTokens = tokenizer.count(structure.pages.map((p) => p.text).join('\n'));
    line.tokensSent = budget?.tokens ?? 0;
    line.partsSent = budget?.parts.length ?? 0;
    line.sections = structure.sections.length;
    if (!quality.usable) line.noText = quality.reason;
    totals.papers++;
    totals.pages += pdf.totalPages;
    totals.extractMs += line.extractMs as number;
    totals.structureMs += line.structureMs as number;
    totals.budgetMs += line.budgetMs as number;
  } catch (err) {
    totals.failed++;
    line.error = describeError(err).code;
  }
  console.log(JSON.stringify(line));
}
await extractor.close?.();
const per = (v: number) => +(v / Math.max(1, totals.papers)).toFixed(1);
console.log(
  JSON.stringify({
    summary: true,
    folder,
    papers: totals.papers,
    failed: totals.failed,
    pages: totals.pages,
    meanExtractMs: per(totals.extractMs),
    meanStructureMs: per(totals.structureMs),
    meanBudgetMs: per(totals.budgetMs),
    extractMsPerPage: +(totals.extractMs / Math.max(1, totals.pages)).toFixed(1),
  }),
);
