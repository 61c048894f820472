/**
 * Runs byte-level mutants of one PDF through a summarizer and sorts every outcome: a summary, a PaperError
 * with a contract code and plain words, or a failure (anything else, or a call that took too long). `runBombs`
 * does the same for the decompression-bomb spellings, each of which must itself be answered too_large.
 * Shared by test/hardening/fuzz.test.ts and scripts/fuzz.ts.
 */
import { describeError } from '../../src/core/error-messages.ts';
import { isPaperError } from '../../src/core/errors.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import { mutate } from './mutate.ts';
import { CONTRACT_CODES, looksPlain } from './pipeline.ts';

export interface FuzzFailure {
  seed: number;
  index: number;
  ops: string[];
  problem: string;
  /** The bomb spelling the mutant came from (runBombs); the paper otherwise. */
  input?: string;
}

export interface FuzzReport {
  runs: number;
  /** Outcome → count: "summary", or "<code>" / "<code>:<reason>" for errors. */
  counts: Record<string, number>;
  failures: FuzzFailure[];
  ms: number;
  slowestMs: number;
}

export interface FuzzOptions {
  original: Uint8Array;
  summarizer: Summarizer;
  seed: number;
  /** Mutant indexes to run: `runs` from `first` (default 0). */
  runs: number;
  first?: number;
  /** Calls in flight at once (match the worker pool so that no call waits for another). */
  lanes: number;
  /** A call that takes longer than this is a failure (a hang the time limit did not catch). */
  settleMs: number;
  onProgress?: (done: number) => void;
}

/** One mutant's outcome label, or a problem when it broke the rules. */
async function judge(summarizer: Summarizer, bytes: Uint8Array, settleMs: number): Promise<{ label: string; problem?: string; ms: number }> {
  const started = performance.now();
  try {
    const r = await summarizer.summarize({ bytes, fileName: 'mutant.pdf', language: 'en', engine: 'extractive' });
    const ms = performance.now() - started;
    const shaped = typeof r.titleOriginal === 'string' && Object.values(r.summary).every((v) => typeof v === 'string');
    if (!shaped) return { label: 'summary', problem: 'a summary without the contract shape', ms };
    return ms > settleMs ? { label: 'summary', problem: `settled after ${Math.round(ms)} ms`, ms } : { label: 'summary', ms };
  } catch (err) {
    const ms = performance.now() - started;
    if (!isPaperError(err)) return { label: 'UNKNOWN', problem: `not a PaperError: ${String((err as Error)?.stack ?? err).slice(0, 400)}`, ms };
    const label = err.data.reason && (err.code === 'not_pdf' || err.code === 'too_large') ? `${err.code}:${err.data.reason}` : err.code;
    if (!CONTRACT_CODES.includes(err.code)) return { label, problem: `code ${err.code} is not in the contract`, ms };
    const message = describeError(err).message;
    if (!looksPlain(message)) return { label, problem: `message not plain: ${message}`, ms };
    return ms > settleMs ? { label, problem: `settled after ${Math.round(ms)} ms`, ms } : { label, ms };
  }
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const first = opts.first ?? 0;
  const counts: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let next = first;
  let done = 0;
  let slowestMs = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < first + opts.runs) {
      const index = next++;
      const mutant = mutate(opts.original, opts.seed, index);
      const outcome = await judge(opts.summarizer, mutant.bytes, opts.settleMs);
      counts[outcome.label] = (counts[outcome.label] ?? 0) + 1;
      slowestMs = Math.max(slowestMs, outcome.ms);
      if (outcome.problem) failures.push({ seed: opts.seed, index, ops: mutant.ops, problem: outcome.problem });
      opts.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: opts.lanes }, lane));
  return { runs: opts.runs, counts, failures, ms: performance.now() - started, slowestMs };
}

export interface BombFuzzOptions extends Omit<FuzzOptions, 'original' | 'runs' | 'first'> {
  /** Bomb spellings by name (test/fixtures/hostile-pdfs.ts BOMB_SPELLINGS, built). */
  bombs: Record<string, Uint8Array>;
  /** Mutants of each bomb run after it (index 0 upwards); 0 runs the bombs alone. */
  mutantsEach: number;
}

/**
 * Each bomb as it is, which must be answered too_large (the parser's memory limit), then `mutantsEach` mutants of
 * it, which follow the ordinary rules: a mutated bomb may have lost its fuse, but it must still end in a summary or
 * a contract error in plain words, in time.
 */
export async function runBombs(opts: BombFuzzOptions): Promise<FuzzReport> {
  const jobs = Object.entries(opts.bombs).flatMap(([input, bytes]) => [
    { input, index: -1, ops: [] as string[], bytes: () => bytes },
    ...Array.from({ length: opts.mutantsEach }, (_, index) => {
      const mutant = () => mutate(bytes, opts.seed, index);
      return { input, index, ops: mutant().ops, bytes: () => mutant().bytes };
    }),
  ]);
  const counts: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let next = 0;
  let done = 0;
  let slowestMs = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const outcome = await judge(opts.summarizer, job.bytes(), opts.settleMs);
      counts[outcome.label] = (counts[outcome.label] ?? 0) + 1;
      slowestMs = Math.max(slowestMs, outcome.ms);
      const problem = outcome.problem ?? (job.index === -1 && outcome.label !== 'too_large:memory' ? `the bomb itself was answered ${outcome.label}, not too_large:memory` : undefined);
      if (problem) failures.push({ seed: opts.seed, index: job.index, ops: job.ops, problem, input: job.input });
      opts.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: opts.lanes }, lane));
  return { runs: jobs.length, counts, failures, ms: performance.now() - started, slowestMs };
}
