/**
 * OCR on the real `paperbot` processes, configured by environment only: `summarize` reads a scan and says so page by
 * page on stderr; `serve` shows "Recognizing page N of M" in the Slack thread before the summary; a language without
 * installed data is refused at start-up naming OCR_LANGS.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePaper } from '../fixtures/hostile-pdfs.ts';
import { scannedPdf } from '../fixtures/make-scanned-pdf.ts';
import { SAMPLE_TITLE } from '../fixtures/sample-paper-spec.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack, type SlackCall } from '../helpers/fake-slack.ts';
import { runCli, startServe, tempDir } from '../helpers/run-cli.ts';

const SECRET = 'serve-ocr-secret';
const hasBlocks = (c: SlackCall) => Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;

describe('OCR in the paperbot processes', () => {
  let scan: Uint8Array;
  let slack: FakeSlack;
  beforeAll(async () => {
    scan = await scannedPdf(await samplePaper(), { pages: [1], dpi: 200 });
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it('paperbot summarize reads a scanned paper by OCR and reports each page on stderr', async () => {
    const dir = tempDir('paperbot-ocr-cli-');
    const file = path.join(dir, 'scan.pdf');
    writeFileSync(file, scan);
    const run = await runCli(['summarize', '--json', file], { env: { OCR: 'auto', CACHE_URL: 'memory:', SUMMARY_LANGUAGE: 'en' }, cwd: dir, timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, titleOriginal: SAMPLE_TITLE, engine: 'extractive' });
    expect(run.stderr).toContain('scan.pdf: recognizing page 1 of 1 (OCR)…');

    const off = await runCli(['summarize', '--json', file], { env: { OCR: 'off', CACHE_URL: 'memory:' }, cwd: dir });
    expect(JSON.parse(off.stdout)).toMatchObject({ ok: false, error: { code: 'no_text' } });
    expect(JSON.parse(off.stdout).error.message).toContain('OCR is turned off here');
  }, 150_000);

  it('refuses OCR_LANGS naming a language whose data is not installed, naming the variable', async () => {
    const run = await runCli(['summarize', '--json', 'x.pdf'], { env: { OCR_LANGS: 'eng+klingon' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OCR_LANGS names languages with no installed data: klingon');
  });

  it('paperbot serve shows "Recognizing page 1 of 1" in the Slack thread, then the summary', async () => {
    const dir = tempDir('paperbot-ocr-serve-');
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-ocr-serve',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      CACHE_URL: `sqlite://${path.join(dir, 'cache.sqlite')}`,
      SUMMARY_LANGUAGE: 'en',
      OCR: 'auto',
    };
    const bot = await startServe(env, { cwd: dir });
    try {
      const body = Buffer.from(scan);
      const url = slack.serveFile('FOCR/scan.pdf', { body, contentType: 'application/pdf' });
      const file = { id: 'FOCR', name: 'scan.pdf', mimetype: 'application/pdf', filetype: 'pdf', size: body.length, url_private_download: url, url_private: url };
      const event = { type: 'message', subtype: 'file_share', channel: 'C0OCR', channel_type: 'channel', user: 'U0HUMAN', text: '', ts: '1700999100.000100', files: [file] };
      const res = await postSignedEvent(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
        token: 'legacy', team_id: 'T000FAKE', api_app_id: 'A000FAKE', type: 'event_callback', event_id: 'EvOcrServe', event_time: Math.floor(Date.now() / 1000), event,
      });
      expect(res.status).toBe(200);
      const final = await waitFor('the summary', () => slack.callsIn('C0OCR', 'chat.update').find(hasBlocks), 120_000);
      const updates = slack.callsIn('C0OCR', 'chat.update');
      const progress = updates.find((c) => String(c.params.text).includes('Recognizing page 1 of 1 (OCR)'));
      expect(progress, updates.map((c) => String(c.params.text)).join(' | ')).toBeDefined();
      expect(updates.indexOf(progress!)).toBeLessThan(updates.indexOf(final));
      expect(String(final.params.text)).toContain(SAMPLE_TITLE);
    } finally {
      await bot.stop();
    }
  }, 180_000);
});
