/** The decompression-bomb check that runs before pdf.js, and the hostile fixtures it is tested with. */
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inflatesTooMuch } from '../../src/services/pdf-worker/inflate-guard.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { lzwRun, runLengthRun } from '../fixtures/stream-encoders.ts';

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
  it('every bomb spelling gets past the inflate guard from a file of at most about 2 MiB (what the resident limit is for)', async () => {
    for (const [name, make] of Object.entries(hostile.BOMB_SPELLINGS)) {
      const bomb = await make(1024);
      expect(bomb.length, name).toBeLessThan(2.1 * MiB);
      // Limits a quarter of what each bomb decodes to: the guard does not see that much in any of them.
      expect(await inflatesTooMuch(bomb, limits(256, 256)), name).toBe(false);
    }
    // The spelling the guard does see, for contrast.
    expect(await inflatesTooMuch(await hostile.decompressionBombPdf(1024), limits(256, 256))).toBe(true);
  });

  it('the LZW and run-length encoders write what their decoders read back', () => {
    // Long enough that the literals and the run each pass every code width, and the run fills the table.
    const prefix = Buffer.from('1 0 << /Type /Catalog >>\n'.repeat(80), 'latin1');
    const run = 8 * MiB + 12_345;
    expect(Buffer.from(lzwDecode(lzwRun(prefix, 0x20, run))).equals(Buffer.concat([prefix, Buffer.alloc(run, 0x20)]))).toBe(true);
    expect(Buffer.from(lzwDecode(lzwRun(prefix, 0, 0)))).toEqual(prefix);
    expect(Buffer.from(runLengthDecode(runLengthRun(prefix, 0, 1001)))).toEqual(Buffer.concat([prefix, Buffer.alloc(1001)]));
    // 3,839 bytes per 12-bit code once the table is full.
    expect(lzwRun(new Uint8Array(0), 0, 64 * MiB).length).toBeLessThan((64 * MiB) / 2000);
  });

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

/**
 * Reference decoders, written from the PDF specification (§7.4.4 LZWDecode with EarlyChange 1, §7.4.5 RunLengthDecode)
 * rather than from the encoders, so that a mistake in one is not repeated in the other.
 */
function lzwDecode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let table: number[][] = [];
  const reset = () => (table = Array.from({ length: 258 }, (_, i) => [i]));
  reset();
  let width = 9;
  let bitPos = 0;
  let prev: number[] | null = null;
  const read = () => {
    let code = 0;
    for (let i = 0; i < width; i++, bitPos++) code = (code << 1) | ((data[bitPos >> 3]! >> (7 - (bitPos & 7))) & 1);
    return code;
  };
  while (bitPos + width <= data.length * 8) {
    const code = read();
    if (code === 257) break;
    if (code === 256) {
      reset();
      width = 9;
      prev = null;
      continue;
    }
    const entry: number[] = code < table.length ? table[code]! : [...prev!, prev![0]!];
    out.push(...entry);
    if (prev) table.push([...prev, entry[0]!]);
    prev = entry;
    // Early change: the width grows one code before the table would need it.
    width = Math.min(12, table.length + 1 >= 2048 ? 12 : table.length + 1 >= 1024 ? 11 : table.length + 1 >= 512 ? 10 : 9);
  }
  return Uint8Array.from(out);
}

function runLengthDecode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    const n = data[i++]!;
    if (n === 128) break;
    if (n < 128) {
      out.push(...data.subarray(i, i + n + 1));
      i += n + 1;
    } else {
      out.push(...new Array<number>(257 - n).fill(data[i++]!));
    }
  }
  return Uint8Array.from(out);
}
