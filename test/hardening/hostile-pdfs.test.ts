/**
 * Hostile and broken inputs through the real pipeline: each settles within the parse time limit with its
 * contract code and plain words (or a summary of what could be read), caches nothing when it fails, and the
 * same process summarizes a normal paper right after. Memory returns to where it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import { PaperError, type ErrorCode } from '../../src/core/errors.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { createPdfExtractor } from '../../src/services/pdf-extractor.ts';
import { htmlSignInPage, pngBytes, zipBytes } from '../fixtures/bad-files.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { SAMPLE_TITLE } from '../fixtures/sample-paper-spec.ts';
import { parserChildren, procAvailable, until } from '../helpers/parser-children.ts';
import { CONTRACT_CODES, hardeningPipeline, looksPlain, type HardeningPipeline } from './pipeline.ts';

const TIMEOUT_MS = 4000;
/** A call must settle within the parse limit plus room for spawning a replacement worker on a busy machine. */
const SETTLE_MS = TIMEOUT_MS + 4000;
const MAX_PAGES = 20;
const MiB = 2 ** 20;

type Expected = { code: ErrorCode; reason?: string } | { summary: true; pagesRead?: number; totalPages?: number };
interface Case {
  name: string;
  bytes: () => Uint8Array;
  expected: Expected;
}

const built = new Map<string, Uint8Array>();
const fixture = (name: string) => () => built.get(name)!;

async function buildFixtures(): Promise<void> {
  const paper = await hostile.samplePaper();
  built.set('paper', paper);
  for (const cut of hostile.truncationPoints(paper)) built.set(`cut ${cut.label}`, paper.slice(0, cut.length));
  built.set('password', await hostile.userPasswordPdf());
  built.set('image', await hostile.imageOnlyPdf());
  built.set('pages', await hostile.manyPagesPdf(1200));
  built.set('bomb', await hostile.decompressionBombPdf(1024));
}

const cases: Case[] = [
  { name: 'empty file', bytes: () => new Uint8Array(0), expected: { code: 'not_pdf', reason: 'empty' } },
  { name: 'PNG named .pdf', bytes: () => pngBytes(32, 32), expected: { code: 'not_pdf' } },
  { name: 'ZIP named .pdf', bytes: () => zipBytes(), expected: { code: 'not_pdf' } },
  { name: 'HTML sign-in page named .pdf', bytes: () => htmlSignInPage(), expected: { code: 'not_pdf' } },
  { name: 'a PDF header and nothing else', bytes: hostile.headerOnlyPdf, expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'paper cut just after the header', bytes: fixture('cut just after the header'), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'paper cut at 10%', bytes: fixture('cut 10%'), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'paper cut at 50%', bytes: fixture('cut 50%'), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'paper cut at 90%', bytes: fixture('cut 90%'), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'paper cut just before %%EOF', bytes: fixture('cut just before %%EOF'), expected: { summary: true } },
  { name: 'user password', bytes: fixture('password'), expected: { code: 'encrypted' } },
  { name: 'image-only pages', bytes: fixture('image'), expected: { code: 'no_text' } },
  { name: '1,200 pages', bytes: fixture('pages'), expected: { summary: true, pagesRead: MAX_PAGES, totalPages: 1200 } },
  { name: 'decompression bomb (1 GiB from a few KiB)', bytes: fixture('bomb'), expected: { code: 'too_large', reason: 'memory' } },
  { name: 'form XObject fan-out (10^8 text runs)', bytes: () => hostile.formFanOutPdf(), expected: { code: 'timeout' } },
  { name: 'arrays nested 100,000 deep', bytes: () => hostile.nestedArraysPdf(), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'dictionaries nested 100,000 deep', bytes: () => hostile.nestedDictsPdf(), expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: 'form XObject that draws itself', bytes: hostile.selfDrawingFormPdf, expected: { summary: true } },
  { name: 'page tree cycle', bytes: hostile.pageTreeCyclePdf, expected: { code: 'not_pdf', reason: 'damaged' } },
  { name: '/Count of two billion pages', bytes: hostile.hugeCountPdf, expected: { summary: true, totalPages: 1 } },
  { name: 'trailer /Prev pointing at its own xref', bytes: hostile.xrefLoopPdf, expected: { summary: true } },
  { name: 'startxref into a content stream', bytes: hostile.garbageXrefPdf, expected: { summary: true } },
];

describe('hostile and broken PDFs through the real pipeline', () => {
  let p: HardeningPipeline;
  let baselineRss = 0;
  const settled: Array<{ name: string; outcome: string; ms: number }> = [];

  const summarize = (bytes: Uint8Array, onPages?: (n: number) => void) =>
    p.summarizer.summarize({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'extractive', bypassCache: true }, (e) => {
      if (e.stage === 'reading') onPages?.(e.pages);
    });

  async function stillServes(): Promise<void> {
    const r = await summarize(built.get('paper')!);
    expect(r.titleOriginal).toBe(SAMPLE_TITLE);
  }

  beforeAll(async () => {
    await buildFixtures();
    p = hardeningPipeline({ timeoutMs: TIMEOUT_MS, poolSize: 2, maxMemoryMb: 128 }, MAX_PAGES);
    await Promise.all([stillServes(), stillServes()]); // warm both workers before the memory baseline
    globalThis.gc?.();
    baselineRss = process.memoryUsage().rss;
  }, 60_000);

  afterAll(async () => {
    await p?.close();
    if (process.env.PAPERBOT_HARDENING_REPORT) console.table(settled);
  });

  it.each(cases)('$name', async ({ name, bytes, expected }) => {
    const input = bytes();
    const writesBefore = p.writes();
    let pagesRead: number | undefined;
    const started = performance.now();
    const outcome = await summarize(input, (n) => (pagesRead = n)).then(
      (result: SummaryResult) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    const ms = performance.now() - started;
    settled.push({ name, outcome: outcome.error instanceof PaperError ? outcome.error.code : outcome.error ? 'UNKNOWN' : 'summary', ms: Math.round(ms) });
    expect(ms).toBeLessThan(SETTLE_MS);

    if ('code' in expected) {
      expect(outcome.error).toBeInstanceOf(PaperError);
      const err = outcome.error as PaperError;
      expect(err.code).toBe(expected.code);
      expect(CONTRACT_CODES).toContain(err.code);
      if (expected.reason) expect(err.data.reason).toBe(expected.reason);
      const words = describeError(err);
      expect(words.code).toBe(expected.code);
      expect(looksPlain(words.message), words.message).toBe(true);
      expect(p.writes()).toBe(writesBefore); // failures are never cached
    } else {
      expect(outcome.error).toBeNull();
      const r = outcome.result!;
      expect(r.engine).toBe('extractive');
      expect(Object.values(r.summary).join(' ').length).toBeGreaterThan(40);
      if (expected.pagesRead !== undefined) expect(pagesRead).toBe(expected.pagesRead);
      if (expected.totalPages !== undefined) expect(r.source.pages).toBe(expected.totalPages);
      expect(p.writes()).toBeGreaterThan(writesBefore);
      const again = await p.summarizer.summarize({ bytes: input, fileName: 'paper.pdf', language: 'en', engine: 'extractive' });
      expect(again.cached).toBe(true);
    }
    await stillServes();
  });

  it('cuts a page that prints hundreds of thousands of characters, so the main thread gets a bounded share', async () => {
    // Its own pool with a generous time limit: what is checked is the cut, not the speed (~3 s alone, more on a busy CI).
    const roomy = hardeningPipeline({ timeoutMs: 30_000, poolSize: 1, maxMemoryMb: 128 }, MAX_PAGES);
    try {
      const pdf = await roomy.extractor.extract(hostile.textRunBombPdf(100_000), { maxPages: MAX_PAGES });
      expect(pdf.pages).toHaveLength(1);
      expect(pdf.pages[0]!.text.length).toBeLessThanOrEqual(50_000);
      expect(pdf.pages[0]!.text.length).toBeGreaterThan(40_000);
      expect(pdf.layout[0]!.items.length).toBeLessThanOrEqual(20_000);
    } finally {
      await roomy.close();
    }
  });

  it('serves a normal paper at full speed while a hostile one runs on the other worker', async () => {
    const slow = summarize(hostile.formFanOutPdf()).catch((e: unknown) => e);
    const started = performance.now();
    await stillServes();
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(((await slow) as PaperError).code).toBe('timeout');
  });

  it('holds the worker heap cap: a text-run bomb kills its worker, not the process, and a fresh worker takes over', async () => {
    // Its own pool with a generous time limit, so that only the memory cap can stop the bomb.
    const capped = hardeningPipeline({ timeoutMs: 30_000, poolSize: 1, maxMemoryMb: 96 }, MAX_PAGES);
    try {
      const err = (await capped.summarizer.summarize({ bytes: hostile.textRunBombPdf(300_000), fileName: 'paper.pdf', language: 'en', engine: 'extractive' }).catch((e: unknown) => e)) as PaperError;
      expect(err).toBeInstanceOf(PaperError);
      expect([err.code, err.data.reason, err.data.stoppedBy]).toEqual(['too_large', 'memory', 'heap_limit']);
      expect(looksPlain(describeError(err).message)).toBe(true);
      const next = await capped.summarizer.summarize({ bytes: built.get('paper')!, fileName: 'paper.pdf', language: 'en', engine: 'extractive' });
      expect(next.titleOriginal).toBe(SAMPLE_TITLE);
    } finally {
      await capped.close();
    }
  });

  it('refuses the 1 GiB bomb with the default extractor settings before pdf.js decodes it', async () => {
    const defaults = createPdfExtractor();
    try {
      const started = performance.now();
      const err = (await defaults.extract(built.get('bomb')!, { maxPages: MAX_PAGES }).catch((e: unknown) => e)) as PaperError;
      expect([err.code, err.data.reason, err.data.stoppedBy]).toEqual(['too_large', 'memory', 'inflate_guard']);
      // Unguarded, pdf.js spends ~10 s filling a 1 GiB buffer (2.5 GB RSS measured) and then succeeds.
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await defaults.close?.();
    }
  });

  it('gives memory back: the process grows by less than 200 MiB over the whole hostile set', async () => {
    globalThis.gc?.();
    const growth = process.memoryUsage().rss - baselineRss;
    settled.push({ name: 'rss growth MiB', outcome: (growth / MiB).toFixed(0), ms: 0 });
    expect(growth).toBeLessThan(200 * MiB);
  });
});

describe.skipIf(!procAvailable)('decompression bombs the inflate guard cannot measure', () => {
  // Their own pool: one child, so the child a bomb ran in and the one after it can be told apart, and a time limit
  // so generous that only the resident-memory limit can stop a bomb (each one decodes to 1 GiB).
  const LIMIT_MB = 256;
  const bombs = new Map<string, Uint8Array>();
  let p: HardeningPipeline;
  let others: Set<number>;
  const mine = () => parserChildren().filter((pid) => !others.has(pid));
  const summarize = (bytes: Uint8Array) =>
    p.summarizer.summarize({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'extractive', bypassCache: true });

  beforeAll(async () => {
    for (const [name, make] of Object.entries(hostile.BOMB_SPELLINGS)) bombs.set(name, await make(1024));
    others = new Set(parserChildren());
    p = hardeningPipeline({ timeoutMs: 60_000, poolSize: 1, maxResidentMb: LIMIT_MB }, MAX_PAGES);
    expect((await summarize(await hostile.samplePaper())).titleOriginal).toBe(SAMPLE_TITLE);
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  it.each(Object.keys(hostile.BOMB_SPELLINGS))('%s: too_large in words, its child killed, the next paper read by a fresh child', async (name) => {
    const bytes = bombs.get(name)!;
    p.extractor.warm?.();
    await until('an idle parser child', () => mine().length === 1);
    const [bombChild] = mine();
    const writesBefore = p.writes();
    globalThis.gc?.();
    const parentBefore = process.memoryUsage().rss;

    const err = (await summarize(bytes).then(() => null, (e: unknown) => e)) as PaperError | null;
    expect(err).toBeInstanceOf(PaperError);
    expect([err!.code, err!.data.reason, err!.data.stoppedBy, err!.data.limitBytes]).toEqual(['too_large', 'memory', 'resident_memory', LIMIT_MB * MiB]);
    const words = describeError(err);
    expect(words.code).toBe('too_large');
    expect(looksPlain(words.message), words.message).toBe(true);
    expect(words.message).toMatch(/needs more memory to read than allowed.*decompression bomb/);
    expect(p.writes()).toBe(writesBefore);
    // The gigabyte went to the child: the parent stays where it was.
    expect(process.memoryUsage().rss - parentBefore).toBeLessThan(64 * MiB);

    // Gone before the next paper is sent, so whichever child reads that paper is a fresh one.
    await until('the bomb\'s child to be gone', () => !mine().includes(bombChild!));
    expect((await summarize(built.get('paper') ?? (await hostile.samplePaper()))).titleOriginal).toBe(SAMPLE_TITLE);
  });
});
