/**
 * The parser child seen from outside (Linux /proc): it gets none of the parent's secrets, its resident memory is
 * read while it works, and a child killed for memory is replaced by a fresh one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import type { PaperError } from '../../src/core/errors.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { residentBytes, watchResidentMemory } from '../../src/services/process-memory.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { environOf, parserChildren, procAvailable, until } from '../helpers/parser-children.ts';
import { looksPlain } from './pipeline.ts';

const MiB = 2 ** 20;
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-parser-memory-test-secret',
  OPENAI_API_KEY: 'sk-parser-memory-test-secret',
  DISCORD_TOKEN: 'discord-parser-memory-test-secret',
};

describe.skipIf(!procAvailable)('the parser child process', () => {
  const closers: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  it('is started without the parent environment: no tokens or keys reach it', async () => {
    const saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
    Object.assign(process.env, SECRETS);
    closers.push(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const before = new Set(parserChildren());
    const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1 });
    closers.push(() => extractor.close?.());
    extractor.warm?.();
    await until('the parser child', () => parserChildren().some((p) => !before.has(p)));
    const pid = parserChildren().find((p) => !before.has(p))!;

    const environ = environOf(pid).join('\n');
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(environ).not.toContain(name);
      expect(environ).not.toContain(value);
    }
    // Nothing at all but what node adds for the IPC channel.
    expect(environOf(pid).filter((kv) => !kv.startsWith('NODE_CHANNEL_'))).toEqual([]);
    // …and it still reads a paper.
    const pdf = await extractor.extract(await hostile.samplePaper(), { maxPages: 2 });
    expect(pdf.pages.length).toBeGreaterThan(0);
  });

  it('reads resident memory from /proc, and null for a process that is gone', () => {
    expect(residentBytes(process.pid)).toBeGreaterThan(10 * MiB);
    expect(residentBytes(2 ** 22 + 12_345)).toBeNull(); // above the kernel's pid limit
  });

  it('calls back once past the limit and stops watching', async () => {
    const seen: number[] = [];
    const watch = watchResidentMemory(process.pid, { limitBytes: 1 * MiB, intervalMs: 5, onOver: (b) => seen.push(b) });
    await until('the watch to fire', () => seen.length > 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(MiB);
    expect(watch.peakBytes()).toBe(seen[0]);
    watch.stop();
  });

  it('reuses a child after a paper, but replaces one that kept more than half the limit', async () => {
    const paper = await hostile.samplePaper();
    const before = new Set(parserChildren());
    const mine = () => parserChildren().filter((p) => !before.has(p));
    /** Reads the paper twice; the pids of the child before each read. */
    const twice = async (maxResidentMb: number) => {
      const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1, maxResidentMb });
      closers.push(() => extractor.close?.());
      const pids: number[] = [];
      for (let i = 0; i < 2; i++) {
        extractor.warm?.();
        await until('one idle parser child', () => mine().length === 1);
        pids.push(mine()[0]!);
        await extractor.extract(paper, { maxPages: 2 });
      }
      await extractor.close?.();
      await until('the pool to be closed', () => mine().length === 0);
      return pids;
    };
    // A child idles at about 70 MB and keeps about 100 MB after this paper.
    const roomy = await twice(512);
    expect(roomy[1]).toBe(roomy[0]);
    const tight = await twice(150);
    expect(tight[1]).not.toBe(tight[0]);
  });

  it('kills a child that passes the resident limit, answers too_large in words, and reads the next paper in a fresh child', async () => {
    // A generous time limit, and the heap cap left at its default: only the resident limit can stop this bomb.
    const extractor = createPdfExtractor({ timeoutMs: 60_000, poolSize: 1, maxResidentMb: 200 });
    closers.push(() => extractor.close?.());
    const paper = await hostile.samplePaper();
    const before = new Set(parserChildren());
    const mine = () => parserChildren().filter((p) => !before.has(p));
    extractor.warm?.();
    await until('an idle parser child', () => mine().length === 1);
    const [bombChild] = mine();

    const err = (await extractor.extract(hostile.lzwBombPdf(1024), { maxPages: 2 }).catch((e: unknown) => e)) as PaperError;
    expect([err.code, err.data.reason, err.data.stoppedBy, err.data.limitBytes]).toEqual(['too_large', 'memory', 'resident_memory', 200 * MiB]);
    expect(err.data.residentBytes).toBeGreaterThan(200 * MiB);
    const words = describeError(err).message;
    expect(looksPlain(words)).toBe(true);
    expect(words).toMatch(/more memory to read than allowed \(200\.0 MB\).*decompression bomb/);
    // Gone before the next paper is sent, so whichever child reads that paper is a fresh one.
    await until('the killed child to be reaped', () => !mine().includes(bombChild!));
    let readers = new Set<number>();
    const seeing = setInterval(() => (readers = new Set([...readers, ...mine()])), 5);
    const pdf = await extractor.extract(paper, { maxPages: 2 }).finally(() => clearInterval(seeing));
    expect(pdf.pages.length).toBeGreaterThan(0);
    expect(readers.size).toBeGreaterThan(0);
    expect(readers.has(bombChild!)).toBe(false);
  });
});
