/**
 * The parser child's start-up snapshot (dist/parser-snapshot/, made by the build that the global setup runs): a child
 * of the default launch starts from it, reads papers exactly as a child on plain node does, and any other launch (an
 * operator's PARSE_MAX_MEMORY_MB) starts plain node. The real `paperbot` processes of the CLI and OCR tests start
 * their children from it too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createPdfExtractor as sourceExtractor } from '../../src/services/pdf-extractor.ts';
import { makeTwoColumnPdf } from '../fixtures/make-two-column-pdf.ts';
import { userPasswordPdf } from '../fixtures/hostile-pdfs.ts';

type Extractor = typeof import('../../src/services/pdf-extractor.ts');
type Launcher = typeof import('../../src/services/pdf-worker-launch.ts');
type Snapshots = typeof import('../../src/services/pdf-worker-snapshot.ts');
// The compiled modules, as bin/paperbot.js runs them: only there is a snapshot beside them.
const dist = (p: string) => new URL(`../../dist/services/${p}`, import.meta.url).href;
const compiled = {
  extractor: (await import(dist('pdf-extractor.js'))) as Extractor,
  launch: (await import(dist('pdf-worker-launch.js'))) as Launcher,
  snapshot: (await import(dist('pdf-worker-snapshot.js'))) as Snapshots,
};
const DEFAULT_MB = 512; // config-defaults.ts PARSE_MAX_MEMORY_MB
const defaultArgv = compiled.launch.workerLaunch({ maxResidentMb: DEFAULT_MB }).execArgv;
// Built and checked on Node 20 (this project's machines and CI). Another node may refuse to start a snapshot of
// pdf.js's legacy build; the build then says so and the child starts plain node, which is what is left to test there.
const required = process.versions.node.startsWith('20.');
const built = compiled.snapshot.parserSnapshot(defaultArgv) !== null;
if (!built && !required) console.warn(`NOTE: no parser start-up snapshot on node ${process.version} (the build skipped it): its tests are skipped`);

const fromSnapshot = compiled.extractor.createPdfExtractor({ poolSize: 1, ocrLangs: [] });
const plain = sourceExtractor({ poolSize: 1, ocrLangs: [] });
const started: ChildProcess[] = [];
afterAll(async () => {
  for (const p of started) p.kill('SIGKILL');
  await Promise.all([fromSnapshot.close?.(), plain.close?.()]);
});

/** pdf.js names fonts after the document's number in its child (g_d3_f1): the same paper read as another child's nth. */
const byContent = (pdf: object) => JSON.parse(JSON.stringify(pdf).replace(/g_d\d+_/g, 'g_d_')) as unknown;

describe('the parser start-up snapshot', () => {
  it.skipIf(!built && !required)('is built for the default launch on this node, and a child of that launch starts from it', () => {
    const launch = compiled.launch.workerLaunch({ maxResidentMb: DEFAULT_MB });
    const snapshot = compiled.snapshot.parserSnapshot(launch.execArgv);
    expect(snapshot).not.toBeNull();
    const child = compiled.launch.forkWorker(launch);
    started.push(child);
    expect(child.spawnargs).toContain('--snapshot-blob');
    expect(child.spawnargs).toContain(snapshot!.blob);
  });

  it('is not used for other limits, nor from source', () => {
    const other = compiled.launch.workerLaunch({ maxResidentMb: 200 });
    expect(compiled.snapshot.parserSnapshot(other.execArgv)).toBeNull();
    const child = compiled.launch.forkWorker(other);
    started.push(child);
    expect(child.spawnargs).not.toContain('--snapshot-blob');
    expect(child.spawnargs.join(' ')).toContain('--max-old-space-size=200');
  });

  it('reads papers exactly as a child on plain node does', async () => {
    const papers = [new Uint8Array(readFileSync(new URL('../../examples/sample-paper.pdf', import.meta.url))), await makeTwoColumnPdf()];
    for (const bytes of papers) {
      const [a, b] = [await fromSnapshot.extract(bytes, { maxPages: 50 }), await plain.extract(bytes, { maxPages: 50 })];
      expect(a.pages.length).toBeGreaterThan(0);
      expect(byContent(a)).toEqual(byContent(b));
    }
  });

  it('answers a PDF it cannot open with the same error, and keeps serving', async () => {
    const locked = await userPasswordPdf();
    await expect(fromSnapshot.extract(locked, { maxPages: 5 })).rejects.toMatchObject({ code: 'encrypted' });
    const junk = new TextEncoder().encode('%PDF-1.7\nnothing else\n');
    await expect(fromSnapshot.extract(junk, { maxPages: 5 })).rejects.toMatchObject({ code: 'not_pdf' });
    expect((await fromSnapshot.extract(await makeTwoColumnPdf(), { maxPages: 5 })).pages.length).toBeGreaterThan(0);
  });
});
