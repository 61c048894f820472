/** The decompression-bomb check that runs before pdf.js, and the hostile fixtures it is tested with. */
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inflatesTooMuch } from '../../src/services/pdf-worker/inflate-guard.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';

const MiB = 2 ** 20;
const limits = (perStreamMb: number, totalMb = 4096) => ({ perStreamBytes: perStreamMb * MiB, totalBytes: totalMb * MiB });

describe('inflatesTooMuch', () => {
  it('measures a double-deflated bomb exactly, through both layers, from a file of a few KiB', async () => {
    const bomb = await hostile.decompressionBombPdf(64);
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(await inflatesTooMuch(bomb, limits(64))).toBe(false);
    expect(await inflatesTooMuch(bomb, { perStreamBytes: 64 * MiB - 1, totalBytes: 4096 * MiB })).toBe(true);
  });

  it('counts all streams together against the total', async () => {
    const bomb = await hostile.decompressionBombPdf(64);
    expect(await inflatesTooMuch(bomb, limits(128, 128))).toBe(false);
    expect(await inflatesTooMuch(bomb, limits(128, 32))).toBe(true);
  });

  it('still counts a stream that is damaged after a huge run (pdf.js decodes up to the damage)', async () => {
    const deflated = deflateSync(Buffer.alloc(64 * MiB, 0x20), { level: 9 });
    const damaged = Buffer.concat([deflated.subarray(0, deflated.length - 64), Buffer.alloc(64, 0xff)]);
    const pdf = hostile.rawPdf(['<< /Type /Catalog >>', hostile.streamObject('/Filter /FlateDecode', damaged)]);
    expect(await inflatesTooMuch(pdf, limits(32))).toBe(true);
    expect(await inflatesTooMuch(pdf, limits(128))).toBe(false);
  });

  it('passes a normal paper', async () => {
    expect(await inflatesTooMuch(await hostile.samplePaper(), limits(1, 4))).toBe(false);
  });
});

describe('hostile fixtures are what they claim', () => {
  it('the long document has 1,200 pages', async () => {
    expect((await PDFDocument.load(await hostile.manyPagesPdf(1200))).getPageCount()).toBe(1200);
  });

  it('the nested fixtures nest 100,000 levels deep in a few hundred KiB', () => {
    const text = Buffer.from(hostile.nestedArraysPdf()).toString('latin1');
    expect(text).toContain(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(Buffer.from(hostile.nestedDictsPdf()).toString('latin1')).toContain('<< /A '.repeat(100_000));
  });

  it('the cyclic page tree lists its root among the kids of its child', () => {
    const text = Buffer.from(hostile.pageTreeCyclePdf()).toString('latin1');
    expect(text).toMatch(/2 0 obj\n<< \/Type \/Pages \/Kids \[6 0 R\]/);
    expect(text).toMatch(/6 0 obj\n<< \/Type \/Pages \/Parent 2 0 R \/Kids \[3 0 R 2 0 R\]/);
  });

  it('truncation points fall inside the file, in order', async () => {
    const paper = await hostile.samplePaper();
    const cuts = hostile.truncationPoints(paper).map((c) => c.length);
    expect(cuts).toEqual([...cuts].sort((a, b) => a - b));
    expect(cuts[0]).toBeGreaterThan(5);
    expect(cuts.at(-1)).toBeLessThan(paper.length);
  });
});
