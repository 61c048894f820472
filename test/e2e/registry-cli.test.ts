/**
 * Issue 17, item 3, on the real `paperbot` process (env and arguments only): a PDF that prints an arXiv id but hides
 * its authors gets them from arXiv (a local fake on 127.0.0.1 named by ARXIV_API_URL), and an arXiv id typed by the
 * user is downloaded from ARXIV_PDF_URL (a mirror on a private host, trusted because the operator configured it).
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaperPdf } from '../fixtures/make-paper-pdf.ts';
import { SAMPLE_ARXIV_ID, SAMPLE_TITLE, samplePaperSpec } from '../fixtures/sample-paper-spec.ts';
import { startFakeRegistries, type FakeRegistries } from '../helpers/fake-registries.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

let fake: FakeRegistries;
let pdf: Uint8Array;
let mirror: http.Server;
let mirrorUrl: string;
const mirrorRequests: string[] = [];

beforeAll(async () => {
  fake = await startFakeRegistries();
  pdf = await makePaperPdf({ ...samplePaperSpec, authors: [], affiliations: [], email: undefined, info: { title: SAMPLE_TITLE } });
  mirror = http.createServer((req, res) => {
    mirrorRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf));
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/pdf/`;
});
afterAll(async () => {
  await fake.close();
  mirror.closeAllConnections();
  await new Promise<void>((r) => mirror.close(() => r()));
});

describe('paperbot summarize with the registries', () => {
  it('a local PDF printing an arXiv id, its authors hidden: the JSON\'s authors come from arXiv', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: [...samplePaperSpec.authors] });
    const dir = tempDir();
    const file = path.join(dir, 'hidden-authors.pdf');
    writeFileSync(file, pdf);
    const env = { CACHE_URL: 'memory:', ARXIV_API_URL: fake.arxivUrl };
    const run = await runCli(['summarize', '--json', '--lang', 'en', file], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; authors: string[]; titleOriginal: string };
    expect(out.ok).toBe(true);
    expect(out.authors).toEqual(samplePaperSpec.authors);
    expect(out.titleOriginal).toBe(SAMPLE_TITLE);
    expect(fake.requests.map((r) => r.query.get('id_list'))).toEqual([`${SAMPLE_ARXIV_ID}v1`]);

    // REGISTRY_LOOKUP=off: no request, the authors the PDF shows (none).
    const off = await runCli(['summarize', '--json', '--lang', 'en', file], { env: { ...env, REGISTRY_LOOKUP: 'off' } });
    expect(off.code, off.stderr).toBe(0);
    expect((JSON.parse(off.stdout) as { authors: string[] }).authors).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('a typed arXiv id: the PDF comes from ARXIV_PDF_URL, the record from ARXIV_API_URL, the paper link stays arxiv.org/abs', async () => {
    fake.requests.length = 0;
    fake.arxiv.set('2501.04217v3', { title: SAMPLE_TITLE, authors: [...samplePaperSpec.authors] });
    const run = await runCli(['summarize', '--json', '--lang', 'en', 'arXiv:2501.04217v3'], {
      env: { CACHE_URL: 'memory:', ARXIV_API_URL: fake.arxivUrl, ARXIV_PDF_URL: mirrorUrl },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(mirrorRequests).toEqual(['/pdf/2501.04217v3']);
    const out = JSON.parse(run.stdout) as { authors: string[]; links: { paper: string } };
    expect(out.authors).toEqual(samplePaperSpec.authors);
    expect(out.links.paper).toBe('https://arxiv.org/abs/2501.04217v3');
    expect(fake.requests.map((r) => r.query.get('id_list'))[0]).toBe('2501.04217v3');
  });
});
