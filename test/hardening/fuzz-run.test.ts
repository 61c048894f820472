/** The fuzz harness itself: mutants replay from (seed, index), and rule breaks are reported with both. */
import { describe, expect, it } from 'vitest';
import { PaperError } from '../../src/core/errors.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { samplePaper } from '../fixtures/hostile-pdfs.ts';
import { runBombs, runFuzz } from './fuzz-run.ts';
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

describe('runBombs', () => {
  it('requires each bomb itself to be answered too_large for memory, and its mutants only to follow the ordinary rules', async () => {
    const paper = await samplePaper();
    const seen: Uint8Array[] = [];
    const summarizer: Summarizer = {
      summarize: async ({ bytes }) => {
        seen.push(bytes);
        // Only the unmutated "live" bomb goes off; everything else reads as damaged.
        if (bytes === paper) throw new PaperError('too_large', { reason: 'memory' });
        throw new PaperError('not_pdf', { reason: 'damaged' });
      },
    };
    const report = await runBombs({ bombs: { defused: new Uint8Array([1, 2, 3]), live: paper }, summarizer, seed: 9, mutantsEach: 2, lanes: 1, settleMs: 10_000 });
    expect(report.runs).toBe(6);
    expect(seen).toHaveLength(6);
    expect(report.counts).toEqual({ 'too_large:memory': 1, 'not_pdf:damaged': 5 });
    // Only the unmutated "defused" bomb breaks a rule: a bomb answered anything but too_large.
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ input: 'defused', index: -1, ops: [] });
    expect(report.failures[0]!.problem).toMatch(/answered not_pdf:damaged, not too_large:memory/);
    expect(Buffer.from(seen[1]!).equals(Buffer.from(mutate(new Uint8Array([1, 2, 3]), 9, 0).bytes))).toBe(true);
  });
});
