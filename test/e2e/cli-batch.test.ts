/**
 * `paperbot summarize a b …` on the real process: the next input is read while the one before it is still in progress
 * (a slow download does not hold up a local file behind it), and the results still come out in the order given.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaperPdf } from '../fixtures/make-paper-pdf.ts';
import { SAMPLE_ARXIV_ID, samplePaperSpec } from '../fixtures/sample-paper-spec.ts';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'sample-paper.pdf');

let mirror: http.Server;
let mirrorUrl: string;
/** Set when the mirror has answered: the local input must be done before that. */
let answeredAt = 0;

beforeAll(async () => {
  const pdf = await makePaperPdf({ ...samplePaperSpec });
  mirror = http.createServer((_req, res) => {
    setTimeout(() => {
      answeredAt = Date.now();
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf));
    }, 3000);
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/pdf/`;
});
afterAll(async () => {
  mirror.closeAllConnections();
  await new Promise<void>((r) => mirror.close(() => r()));
});

describe('paperbot summarize with several inputs', () => {
  it('reads the next input while a slow one downloads, and prints the results in the order given', async () => {
    const env = { CACHE_URL: 'memory:', ARXIV_PDF_URL: mirrorUrl, REGISTRY_LOOKUP: 'off' };
    const run = await runCli(['summarize', '--json', '--lang', 'en', SAMPLE_ARXIV_ID, SAMPLE], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input: string; ok: boolean });
    expect(out.map((o) => [o.input, o.ok])).toEqual([
      [SAMPLE_ARXIV_ID, true],
      [SAMPLE, true],
    ]);
    const lines = run.stderr.split('\n');
    const localDone = lines.findIndex((l) => l.startsWith(`[2/2] ${SAMPLE}: done in`));
    const slowDone = lines.findIndex((l) => l.startsWith(`[1/2] ${SAMPLE_ARXIV_ID}: done in`));
    expect(localDone, run.stderr).toBeGreaterThan(-1);
    expect(slowDone, run.stderr).toBeGreaterThan(-1);
    // The local paper was summarized during the download: its progress came before the slow one's end.
    const localSummarizing = lines.findIndex((l) => l.startsWith(`[2/2] ${SAMPLE}: summarizing`));
    expect(localSummarizing, run.stderr).toBeLessThan(slowDone);
    expect(answeredAt, 'the mirror answered').toBeGreaterThan(0);
  });
});
