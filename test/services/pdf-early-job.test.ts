/**
 * `paperbot summarize`'s first file goes to the early parser child before the configuration is read
 * (pdf-worker-early-job.ts); the pool adopts that job with the child: the extract call for the same bytes and page
 * limit takes its result without a second job, any other call gets a job of its own, and the pool's limits apply.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TextExtractor } from '../../src/core/ports.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { sendEarlyJob } from '../../src/services/pdf-worker-early-job.ts';
import { prestartWorker, workerLaunch } from '../../src/services/pdf-worker-launch.ts';

const sample = () => new Uint8Array(readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url)));
const MB = 512; // the early child's launch: PARSE_MAX_MEMORY_MB's default

const open: TextExtractor[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close?.()));
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-early-'));
/** A file holding `onDisk` (by default the bytes the command line read). */
function fileOf(onDisk: Uint8Array): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, onDisk);
  return file;
}

/**
 * An early child sent a file (holding `onDisk`, by default `bytes`: what the command line read), then a pool of one that
 * takes the child over, counting the jobs it sends.
 */
function earlyThenPool(bytes: Uint8Array, maxPages: number, timeoutMs = 30_000, onDisk = bytes) {
  sendEarlyJob(prestartWorker(workerLaunch({ maxResidentMb: MB })), fileOf(onDisk), bytes, maxPages);
  const jobs = { sent: 0 };
  const pool = createPdfExtractor({ maxResidentMb: MB, poolSize: 1, ocrLangs: [], timeoutMs, onJobSent: () => jobs.sent++ });
  open.push(pool);
  pool.warm!();
  return { pool, jobs };
}

describe('the command line’s early job', () => {
  it('is taken by the extract call for the same bytes and page limit, with no second job', async () => {
    const { pool, jobs } = earlyThenPool(sample(), 300);
    const pdf = await pool.extract(sample(), { maxPages: 300 });
    expect(pdf.totalPages).toBe(5);
    expect(pdf.pages).toHaveLength(5);
    // Told once, when the pool adopted it (what starts the command line's rehearsal).
    expect(jobs.sent).toBe(1);
    // The same child serves the next paper.
    expect((await pool.extract(sample(), { maxPages: 2 })).pages).toHaveLength(2);
    expect(jobs.sent).toBe(2);
  });

  it('is not taken by a call with another page limit (MAX_PAGES set): that call gets its own job', async () => {
    const { pool, jobs } = earlyThenPool(sample(), 300);
    const pdf = await pool.extract(sample(), { maxPages: 2 });
    expect(pdf.pages).toHaveLength(2);
    expect(jobs.sent).toBe(2);
  });

  it('answers a file the parser cannot read with the same error as any extract, and the pool keeps serving', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\nnothing else here\n');
    const { pool } = earlyThenPool(junk, 300);
    await expect(pool.extract(junk, { maxPages: 300 })).rejects.toMatchObject({ code: 'not_pdf' });
    expect((await pool.extract(sample(), { maxPages: 300 })).totalPages).toBe(5);
  });

  it('reads the paper the command line read when the file changed on disk since (the bytes go as a job of their own)', async () => {
    const changed = sample();
    changed[changed.length - 1] = 0x20; // past %%EOF: the same paper, other bytes
    const { pool, jobs } = earlyThenPool(sample(), 300, 30_000, changed);
    const pdf = await pool.extract(sample(), { maxPages: 300 });
    expect(pdf.totalPages).toBe(5);
    // The early job (refused by the child), then the bytes themselves.
    expect(jobs.sent).toBe(2);
  });

  it('runs under the pool’s time limit once adopted: a parse past it is a timeout in words', async () => {
    const { pool } = earlyThenPool(sample(), 300, 1);
    await expect(pool.extract(sample(), { maxPages: 300 })).rejects.toMatchObject({ code: 'timeout', data: { stage: 'reading the PDF' } });
  });
});
