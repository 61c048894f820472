/** The fuzz harness itself: mutants replay from (seed, index), and rule breaks are reported with both. */
import { describe, expect, it } from 'vitest';
import { PaperError } from '../../src/core/errors.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { samplePaper } from '../fixtures/hostile-pdfs.ts';
import { runFuzz } from './fuzz-run.ts';
import { mutate } from './mutate.ts';

describe('mutate', () => {
  it('gives the same mutant for the same seed and index, and different ones otherwise', async () => {
    const paper = await samplePaper();
    const a = mutate(paper, 7, 42);
    expect(Buffer.from(mutate(paper, 7, 42).bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(mutate(paper, 7, 42).ops).toEqual(a.ops);
    const others = [mutate(paper, 7, 43), mutate(paper, 8, 42)];
    for (const o of others) expect(Buffer.from(o.bytes).equals(Buffer.from(a.bytes))).toBe(false);
    expect(Buffer.from(paper).equals(Buffer.from(await samplePaper()))).toBe(true); // the original is never changed
  });
});

describe('runFuzz', () => {
  it('counts outcomes and reports rule breaks with the seed and index that replay them', async () => {
    const summary = { titleOriginal: 't', summary: { background: '', priorWork: '', method: '', results: '' } } as unknown as SummaryResult;
    let call = 0;
    const summarizer: Summarizer = {
      summarize: async () => {
        const n = call++;
        if (n === 1) throw new PaperError('not_pdf', { reason: 'damaged' });
        if (n === 2) throw new TypeError('cannot read properties of undefined');
        return summary;
      },
    };
    const report = await runFuzz({ original: await samplePaper(), summarizer, seed: 5, runs: 4, lanes: 1, settleMs: 10_000 });
    expect(report.counts).toEqual({ summary: 2, 'not_pdf:damaged': 1, UNKNOWN: 1 });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ seed: 5, index: 2, ops: mutate(await samplePaper(), 5, 2).ops });
    expect(report.failures[0]!.problem).toMatch(/^not a PaperError: TypeError/);
  });
});
