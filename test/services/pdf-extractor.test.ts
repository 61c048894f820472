import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { PaperError } from '../../src/core/errors.ts';
import type { TextExtractor } from '../../src/core/ports.ts';
import { PDFParse } from 'pdf-parse';
import { createPdfExtractor, pdfjsAssetPaths } from '../../src/services/pdf-extractor.ts';
import { loadExpected, readPaper, sharedAvailable } from '../helpers/shared.ts';
import { charsBeforeTitle, TITLE_FIRST_SLACK } from '../helpers/title-first.ts';

const extractor = createPdfExtractor({ timeoutMs: 30_000, poolSize: 1 });
afterAll(() => extractor.close?.());

const cjkCount = (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).length;

describe.skipIf(!sharedAvailable)('pdf extractor on real papers', () => {
  it('keeps the text of a Chinese paper (CMaps wired)', async () => {
    const pdf = await extractor.extract(readPaper('zh-journal-cnki-2022-semiliquidambar.pdf'), { maxPages: 300 });
    const text = pdf.pages.map((p) => p.text).join('');
    expect(pdf.totalPages).toBe(5);
    expect(cjkCount(text)).toBeGreaterThan(1500);
    expect(text).toContain('金缕半枫荷');
  });

  it('gives text per page, layout with font sizes, Info and link annotations', async () => {
    const pdf = await extractor.extract(readPaper('acl2020-specter.pdf'), { maxPages: 300 });
    expect(pdf.pages.map((p) => p.num)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(pdf.info.title).toMatch(/^SPECTER/);
    expect(pdf.layout[0]!.items.length).toBeGreaterThan(50);
    const biggest = [...pdf.layout[0]!.items].sort((a, b) => b.fontSize - a.fontSize)[0]!;
    expect('SPECTER: Document-level Representation Learning').toContain(biggest.str.trim().split(' ')[0]);
    expect(pdf.linkUrls.some((u) => u.includes('github.com/allenai/specter'))).toBe(true);
  });

  it('reads each page once yet gives the text and links pdf-parse gives, two-column pages in reading order', async () => {
    const letters = (t: string) => [...t.replace(/\s+/g, '')].sort().join('');
    for (const file of ['acl2020-specter.pdf', 'zh-journal-cnki-2022-semiliquidambar.pdf', 'neurips2022db-multilexsum-arxiv.pdf']) {
      const bytes = readPaper(file);
      const pdf = await extractor.extract(bytes, { maxPages: 300 });
      const parser = new PDFParse({ data: new Uint8Array(bytes), ...pdfjsAssetPaths(), cMapPacked: true, isEvalSupported: false, verbosity: 0 });
      try {
        const text = await parser.getText();
        expect(pdf.pages.map((p) => p.num), file).toEqual(text.pages.map((p) => p.num));
        // Reordering moves text, never adds or drops any.
        expect(pdf.pages.map((p) => letters(p.text)), file).toEqual(text.pages.map((p) => letters(p.text)));
        const info = await parser.getInfo({ parsePageInfo: true });
        expect(pdf.linkUrls, file).toEqual(info.pages.flatMap((p) => p.links.map((l) => l.url)));
      } finally {
        await parser.destroy();
      }
    }
    // A single-column paper comes out exactly as pdf-parse's getText prints it.
    const single = readPaper('neurips2022db-multilexsum-arxiv.pdf');
    const parser = new PDFParse({ data: new Uint8Array(single), ...pdfjsAssetPaths(), cMapPacked: true, isEvalSupported: false, verbosity: 0 });
    try {
      const text = await parser.getText();
      expect((await extractor.extract(single, { maxPages: 300 })).pages).toEqual(text.pages.map((p) => ({ num: p.num, text: p.text })));
    } finally {
      await parser.destroy();
    }
  });

  it('puts the title first on page 1 of every paper with a text layer (footers and footnotes after it)', async () => {
    for (const exp of loadExpected().filter((e) => e.has_text_layer)) {
      const pdf = await extractor.extract(readPaper(exp.file), { maxPages: 3 });
      const before = charsBeforeTitle(pdf.pages.map((p) => p.text), exp.title);
      expect(before, exp.file).not.toBeNull();
      expect(before!, exp.file).toBeLessThanOrEqual(TITLE_FIRST_SLACK);
    }
  });

  it('cuts at the page limit and says so', async () => {
    const pdf = await extractor.extract(readPaper('neurips2022db-multilexsum-arxiv.pdf'), { maxPages: 5 });
    expect(pdf.pages).toHaveLength(5);
    expect(pdf.totalPages).toBe(37);
    expect(pdf.truncated).toBe(true);
  });

  it('opens an owner-password-only (no user password) PDF', async () => {
    const pdf = await extractor.extract(readPaper('lncs-icdar2021-layoutparser-p1-2-encrypted.pdf'), { maxPages: 300 });
    expect(pdf.pages[0]!.text).toMatch(/LayoutParser/);
  });

  it('returns no text for a scanned page (the structure stage reports no_text)', async () => {
    const pdf = await extractor.extract(readPaper('scanned-1p-hydrogen-incorporation-asi.pdf'), { maxPages: 300 });
    expect(pdf.pages.map((p) => p.text.trim()).join('')).toBe('');
  });

  it('stops a parse that exceeds the time limit, and the next job still works', async () => {
    const impatient = createPdfExtractor({ timeoutMs: 5, poolSize: 1 });
    const err = (await impatient.extract(readPaper('neurips2022db-multilexsum-arxiv.pdf'), { maxPages: 300 }).catch((e) => e)) as PaperError;
    expect(err.code).toBe('timeout');
    await impatient.close?.();
    const pdf = await extractor.extract(readPaper('acl2014-words-with-vectors.pdf'), { maxPages: 300 });
    expect(pdf.totalPages).toBe(10);
  });
});

describe('pdf extractor on broken input', () => {
  it('reports a damaged file as not_pdf and keeps serving', async () => {
    const junk = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
    const err = (await extractor.extract(junk, { maxPages: 10 }).catch((e) => e)) as PaperError;
    expect(['not_pdf']).toContain(err.code);
    const again = (await extractor.extract(Buffer.from('%PDF-1.7\n'), { maxPages: 10 }).catch((e) => e)) as PaperError;
    expect(again.code).toBe('not_pdf');
  });
});

describe('pdf extractor hand-over', () => {
  it('tells when a job is all with its child (once per job), before the job answers', async () => {
    const events: string[] = [];
    const told = createPdfExtractor({ poolSize: 1, ocrLangs: [], onJobSent: () => events.push('sent') });
    try {
      const sample = new Uint8Array(readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url)));
      for (let i = 0; i < 2; i++) {
        const pdf = await told.extract(sample, { maxPages: 10 });
        events.push(`read ${pdf.totalPages} pages`);
      }
      expect(events).toEqual(['sent', 'read 5 pages', 'sent', 'read 5 pages']);
    } finally {
      await told.close?.();
    }
  });
});

/** pdf.js names fonts after the document's number in its child (g_d3_f1): the same paper read as another child's nth. */
const byContent = (pdf: object) => JSON.parse(JSON.stringify(pdf).replace(/g_d\d+_/g, 'g_d_')) as unknown;

describe('pdf extractor prefetch (the command line sends its first file before the rest of its start-up)', () => {
  const sample = () => new Uint8Array(readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url)));
  const open: TextExtractor[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close?.()));
  });
  /** An extractor that counts the jobs it sends. */
  function counting(poolSize: number, onJobSent: () => void = () => {}) {
    const jobs = { sent: 0 };
    const ahead = createPdfExtractor({ poolSize, ocrLangs: [], onJobSent: () => (jobs.sent++, onJobSent()) });
    open.push(ahead);
    return { ahead, jobs };
  }

  it('gives the prefetched result to the extract call for the same bytes and limits, without a second job', async () => {
    const { ahead, jobs } = counting(1);
    ahead.prefetch!(sample(), { maxPages: 10 });
    // A copy of the bytes (the pipeline reads the file again): equal content is enough.
    const pdf = await ahead.extract(sample(), { maxPages: 10 });
    expect(jobs.sent).toBe(1);
    expect(pdf.totalPages).toBe(5);
    expect(byContent(pdf)).toEqual(byContent(await extractor.extract(sample(), { maxPages: 10 })));
    // Taken once: the next call is a job of its own.
    await ahead.extract(sample(), { maxPages: 10 });
    expect(jobs.sent).toBe(2);
  });

  it('is not taken by a call with other limits or other bytes', async () => {
    const { ahead, jobs } = counting(2);
    ahead.prefetch!(sample(), { maxPages: 10 });
    const fewer = await ahead.extract(sample(), { maxPages: 2 });
    expect(fewer.pages).toHaveLength(2);
    const other = sample();
    other[other.length - 1] = 0x20; // the same paper with its last byte changed (past %%EOF)
    await ahead.extract(other, { maxPages: 10 });
    expect(jobs.sent).toBe(3);
  });

  it('keeps nothing alive until it is taken (a cache hit ends the run at once), and the caller once taken', async () => {
    let onChild!: () => void;
    const sent = new Promise<void>((resolve) => (onChild = resolve));
    const { ahead } = counting(1, () => onChild());
    const before = process.getActiveResourcesInfo().length;
    ahead.prefetch!(sample(), { maxPages: 10 });
    await sent;
    // The child's process and pipes, and the job's time limit, are all unref'd while nobody has asked.
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
    const taken = ahead.extract(sample(), { maxPages: 10 });
    expect(process.getActiveResourcesInfo()).toEqual(expect.arrayContaining(['ProcessWrap', 'Timeout']));
    expect((await taken).totalPages).toBe(5);
  });

  it('answers a prefetched file that is not a PDF with the same error as any extract', async () => {
    const { ahead } = counting(1);
    const junk = new TextEncoder().encode('%PDF-1.7\nnot really a PDF at all\n');
    ahead.prefetch!(junk, { maxPages: 10 });
    await expect(ahead.extract(junk, { maxPages: 10 })).rejects.toMatchObject({ code: 'not_pdf' });
    // The pool keeps serving.
    expect((await ahead.extract(sample(), { maxPages: 10 })).totalPages).toBe(5);
  });
});
