/**
 * 2,000 byte-level mutants of a real paper through the real pipeline, with a fixed seed: every one ends in a
 * summary or a contract error with plain words, none hangs, and the pipeline still summarizes the paper afterwards.
 * Then every decompression-bomb spelling, answered too_large, and a mutant of each.
 * Longer runs: `npm run fuzz -- --runs 20000 --seed 7`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BOMB_SPELLINGS, samplePaper } from '../fixtures/hostile-pdfs.ts';
import { SAMPLE_TITLE } from '../fixtures/sample-paper-spec.ts';
import { procAvailable } from '../helpers/parser-children.ts';
import { readPaper, sharedAvailable } from '../helpers/shared.ts';
import { runBombs, runFuzz } from './fuzz-run.ts';
import { hardeningPipeline, type HardeningPipeline } from './pipeline.ts';

/** Small (4 pages, 240 KB) and quick to read, so that 2,000 mutants fit in about a minute on two cores. */
const PAPER = 'bmc-jtmo2010-dvt-prophylaxis-excerpt.pdf';
const SEED = 20_251_128;
const RUNS = 2000;
const POOL = 2;
const TIMEOUT_MS = 5000;

describe.skipIf(!sharedAvailable)('fuzzing a real paper', () => {
  let p: HardeningPipeline | undefined;
  afterAll(() => p?.close());

  it(`${RUNS} mutants each end in a summary or a contract error, and the pipeline keeps serving`, async () => {
    p = hardeningPipeline({ timeoutMs: TIMEOUT_MS, poolSize: POOL, maxMemoryMb: 256 }, 1);
    const original = new Uint8Array(readPaper(PAPER));
    const report = await runFuzz({ original, summarizer: p.summarizer, seed: SEED, runs: RUNS, lanes: POOL, settleMs: TIMEOUT_MS + 5000 });
    if (process.env.PAPERBOT_HARDENING_REPORT) console.info({ ...report, failures: report.failures.length });

    expect(report.failures).toEqual([]);
    expect(Object.values(report.counts).reduce((a, n) => a + n, 0)).toBe(RUNS);
    // The mutants exercise both sides: many still read, many are refused as damaged.
    expect(report.counts.summary ?? 0).toBeGreaterThan(RUNS / 4);
    expect(report.counts['not_pdf:damaged'] ?? 0).toBeGreaterThan(RUNS / 50);

    const after = await p.summarizer.summarize({ bytes: original, fileName: PAPER, language: 'en', engine: 'extractive' });
    expect(after.source.pages).toBe(4);
  }, 240_000);
});

// The resident-memory limit that stops the bombs is read from /proc: Linux only.
describe.skipIf(!procAvailable)('fuzzing the decompression-bomb spellings', () => {
  let p: HardeningPipeline | undefined;
  afterAll(() => p?.close());

  it('every bomb is answered too_large, every mutant of one ends in a summary or a contract error, and the pipeline keeps serving', async () => {
    const bombs: Record<string, Uint8Array> = {};
    for (const [name, make] of Object.entries(BOMB_SPELLINGS)) bombs[name] = await make(1024);
    // A time limit well past what a bomb needs to reach the memory limit, so each answer is the memory's.
    p = hardeningPipeline({ timeoutMs: 30_000, poolSize: POOL, maxResidentMb: 256 }, 1);
    const report = await runBombs({ bombs, summarizer: p.summarizer, seed: SEED, mutantsEach: 1, lanes: POOL, settleMs: 35_000 });
    if (process.env.PAPERBOT_HARDENING_REPORT) console.info(report);

    expect(report.failures).toEqual([]);
    expect(report.runs).toBe(2 * Object.keys(BOMB_SPELLINGS).length);
    expect(report.counts['too_large:memory']).toBeGreaterThanOrEqual(Object.keys(BOMB_SPELLINGS).length);
    const after = await p.summarizer.summarize({ bytes: await samplePaper(), fileName: 'paper.pdf', language: 'en', engine: 'extractive' });
    expect(after.titleOriginal).toBe(SAMPLE_TITLE);
  }, 240_000);
});
