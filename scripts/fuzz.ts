/**
 * Long fuzz runs: byte-level mutants of a real paper through the real pipeline (extractive engine), then every
 * decompression-bomb spelling (each must be answered too_large) and mutants of each.
 *   npm run fuzz -- --iterations 20000 --seed 7 [--paper path.pdf] [--max-pages 2] [--pool 2] [--timeout-s 10] [--memory-mb 512]
 *                   [--bomb-mutants 2] [--bomb-mb 1024] [--no-bombs]
 *   (--runs is the same as --iterations; --memory-mb is the parser's resident-memory limit, PARSE_MAX_MEMORY_MB)
 * Replay one mutant: npm run fuzz -- --seed 7 --first 1234 --runs 1 --no-bombs
 * Prints outcome counts, every failure with its seed and index, and throughput; exits 1 when anything failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makePaperPdf } from '../test/fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../test/fixtures/sample-paper-spec.ts';
import { BOMB_SPELLINGS } from '../test/fixtures/hostile-pdfs.ts';
import { runBombs, runFuzz, type FuzzReport } from '../test/hardening/fuzz-run.ts';
import { hardeningPipeline } from '../test/hardening/pipeline.ts';
import { PAPERS_DIR } from '../test/helpers/shared.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    iterations: { type: 'string' },
    seed: { type: 'string', default: '1' },
    first: { type: 'string', default: '0' },
    paper: { type: 'string' },
    'max-pages': { type: 'string', default: '2' },
    pool: { type: 'string', default: '2' },
    'timeout-s': { type: 'string', default: '10' },
    'memory-mb': { type: 'string', default: '512' },
    'bomb-mutants': { type: 'string', default: '2' },
    'bomb-mb': { type: 'string', default: '1024' },
    'no-bombs': { type: 'boolean', default: false },
  },
});

// --iterations and --runs name the same count; 2,000 when neither is given.
values.runs = values.iterations ?? values.runs ?? '2000';

function int(name: Exclude<keyof typeof values, 'no-bombs'>): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${String(values[name])}`);
    process.exit(2);
  }
  return n;
}

async function original(): Promise<{ bytes: Uint8Array; name: string }> {
  const chosen = values.paper ?? path.join(PAPERS_DIR, 'bmc-jtmo2010-dvt-prophylaxis-excerpt.pdf');
  if (existsSync(chosen)) return { bytes: new Uint8Array(readFileSync(chosen)), name: chosen };
  if (values.paper) {
    console.error(`no such file: ${values.paper}`);
    process.exit(2);
  }
  return { bytes: await makePaperPdf(samplePaperSpec), name: 'the generated sample paper (../shared is absent)' };
}

const runs = int('runs');
const seed = int('seed');
const pool = Math.max(1, int('pool'));
const timeoutMs = int('timeout-s') * 1000;
const paper = await original();
const pipeline = hardeningPipeline({ timeoutMs, poolSize: pool, maxResidentMb: int('memory-mb') }, Math.max(1, int('max-pages')));
console.error(`fuzzing ${paper.name} (${paper.bytes.length} bytes): ${runs} mutants from #${int('first')}, seed ${seed}, pool ${pool}`);

const step = Math.max(1, Math.round(runs / 20));
const report = await runFuzz({
  original: paper.bytes,
  summarizer: pipeline.summarizer,
  seed,
  runs,
  first: int('first'),
  lanes: pool,
  settleMs: timeoutMs + 5000,
  onProgress: (done) => {
    if (done % step === 0) console.error(`  ${done}/${runs}`);
  },
});

let bombReport: FuzzReport | null = null;
if (!values['no-bombs']) {
  const bombs: Record<string, Uint8Array> = {};
  for (const [name, make] of Object.entries(BOMB_SPELLINGS)) bombs[name] = await make(int('bomb-mb'));
  console.error(`bombs: ${Object.keys(bombs).length} spellings of ${int('bomb-mb')} MiB, ${int('bomb-mutants')} mutants of each`);
  bombReport = await runBombs({ bombs, summarizer: pipeline.summarizer, seed, mutantsEach: int('bomb-mutants'), lanes: pool, settleMs: timeoutMs + 5000 });
}
await pipeline.close();

function print(what: string, r: FuzzReport): void {
  const seconds = r.ms / 1000;
  console.log(`\n${r.runs} ${what} in ${seconds.toFixed(1)} s (${(r.runs / seconds).toFixed(1)} per second), slowest call ${Math.round(r.slowestMs)} ms`);
  for (const [label, n] of Object.entries(r.counts).sort((a, b) => b[1] - a[1])) console.log(`  ${label.padEnd(28)} ${n}`);
  if (r.failures.length === 0) {
    console.log('no failures');
    return;
  }
  console.log(`\n${r.failures.length} failures (replay a paper mutant: npm run fuzz -- --seed <seed> --first <index> --runs 1 --no-bombs):`);
  for (const f of r.failures) console.log(`  ${f.input ? `${f.input}, ` : ''}seed ${f.seed} index ${f.index} [${f.ops.join(', ')}]: ${f.problem}`);
  process.exitCode = 1;
}
print('mutants', report);
if (bombReport) print('bombs and bomb mutants (index -1: the bomb itself)', bombReport);
