/**
 * What goes wrong is answered in the thread in plain words (describeError's, for the error's code) with ❌, never with
 * a stack trace, and the app goes on serving. A failure that may pass lets the same file be shared again; one that the
 * file itself causes does not start the same failing work twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { describeError } from '../../../src/core/error-messages.ts';
import { PaperError, type ErrorCode } from '../../../src/core/errors.ts';
import { createServices, type Services } from '../../../src/services/create-services.ts';
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import {
  SAMPLE_PDF,
  fileShareEvent,
  lastUpdateText,
  pdfFile,
  reactions,
  summaryUpdates,
  useSlackHarness,
  type SlackHarness,
} from '../../helpers/slack-harness.ts';
import { pngBytes, zipBytes } from '../../fixtures/bad-files.ts';
import { makeEncryptedPdf } from '../../fixtures/encrypt-pdf.ts';
import { makePaperPdf } from '../../fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../../fixtures/sample-paper-spec.ts';

/** The opening words of describeError's message for `code` (before any detail in brackets or the advice). */
function keyWords(code: ErrorCode): string {
  const words = describeError(new PaperError(code)).message.split(/[(.;]/)[0]!.trim();
  if (words.length < 12) throw new Error(`no key words in the message for ${code}`);
  return words;
}

/** A one-page PDF holding only a picture: what a scan without OCR looks like. */
async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const image = await doc.embedPng(pngBytes(200, 280));
  page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return doc.save();
}

/** Everything the app sent to Slack about this channel, as text; stack frames or error class names must not be in it. */
function expectNoStackTrace(slack: FakeSlack, channel: string): void {
  const posted = JSON.stringify(slack.callsIn(channel).map((c) => c.params));
  expect(posted).not.toMatch(/\bat \S+ \(|\bat \S+:\d+:\d+|\.ts:\d+|\w*Error:|PaperError/);
}

let files = 0;
/** Shares `body` as a PDF in `channel` and waits for the outcome; returns the file id used. */
async function share(h: SlackHarness, channel: string, body: Uint8Array | string, fileId = `F0ERR${++files}`): Promise<{ fileId: string; outcome: string[] }> {
  const ev = fileShareEvent(channel, pdfFile(h.slack, fileId, 'paper.pdf', body));
  await h.send(ev);
  return { fileId, outcome: await h.settled(ev.event_id) };
}

/** ❌ with describeError's words for `code` in the thread, nothing else posted to the channel that looks like a trace. */
function expectFailure(h: SlackHarness, channel: string, code: ErrorCode): void {
  expect(reactions(h.slack.callsIn(channel))).toEqual(['eyes', 'x']);
  const text = lastUpdateText(h.slack, channel);
  expect(text.startsWith(':x: ')).toBe(true);
  expect(text).toContain(keyWords(code));
  expect(summaryUpdates(h.slack, channel)).toEqual([]);
  expectNoStackTrace(h.slack, channel);
}

/** A good paper shared after a failure is summarized: the app keeps serving. */
async function expectStillServing(h: SlackHarness, channel: string): Promise<void> {
  const before = reactions(h.slack.callsIn(channel)).length;
  const { outcome } = await share(h, channel, SAMPLE_PDF);
  expect(outcome).toEqual(['queued']);
  expect(reactions(h.slack.callsIn(channel)).slice(before)).toEqual(['eyes', 'white_check_mark']);
  expect(summaryUpdates(h.slack, channel)).toHaveLength(1);
}

describe('Slack: papers that cannot be read are explained in the thread', () => {
  const h = useSlackHarness();

  const cases: Array<{ code: ErrorCode; what: string; body: () => Promise<Uint8Array> }> = [
    { code: 'encrypted', what: 'a password-protected PDF', body: () => makeEncryptedPdf('secret') },
    { code: 'no_text', what: 'a scanned PDF with no text layer', body: imageOnlyPdf },
    { code: 'not_pdf', what: 'a ZIP archive named paper.pdf', body: async () => zipBytes() },
  ];

  for (const { code, what, body } of cases) {
    it(`${what}: ${code} in plain words, ❌, and the next paper is summarized`, async () => {
      const channel = `C0${code.toUpperCase()}`;
      const { fileId, outcome } = await share(h(), channel, await body());
      expect(outcome).toEqual(['queued']);
      expectFailure(h(), channel, code);

      // The file itself is the problem: sharing it again does not start the same failing work.
      const again = await share(h(), channel, await body(), fileId);
      expect(again.outcome).toEqual(['duplicate']);
      expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'x']);

      await expectStillServing(h(), channel);
    });
  }
});

describe('Slack: model failures are explained in the thread, and sharing the file again retries', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-slack-errors-'));
  let openAi: FakeOpenAi | undefined;
  let services: Services | undefined;
  const h = useSlackHarness(async () => {
    openAi = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }) }));
    // The claims live in a real SQLite file here, so releasing a failed file's claim is checked on the store too.
    services = createServices(
      loadConfig({
        CACHE_URL: `sqlite://${path.join(dir, 'paperbot.sqlite')}`,
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openAi.baseURL,
        OPENAI_MODEL: 'test-model',
        LLM_MAX_RETRIES: '1',
        LOG_LEVEL: 'silent',
      }),
    );
    return { services, modelUrl: openAi.baseURL };
  });
  afterAll(async () => {
    await services?.close();
    await openAi?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('HTTP 500 from the model: llm_failed in plain words, ❌; the same file shared again is summarized', async () => {
    const channel = 'C0MODEL500';
    const o = openAi!;
    o.script({ status: 500, error: 'upstream exploded' }, { status: 500, error: 'upstream exploded' });
    const asked = o.requests.length;
    const { fileId, outcome } = await share(h(), channel, SAMPLE_PDF);
    expect(outcome).toEqual(['queued']);
    expect(o.requests.length - asked).toBe(2); // the request and its one retry
    expectFailure(h(), channel, 'llm_failed');
    expect(lastUpdateText(h().slack, channel)).not.toContain('upstream exploded');

    // Re-sharing the same file in the same channel is a second attempt, which now succeeds.
    const again = await share(h(), channel, SAMPLE_PDF, fileId);
    expect(again.outcome).toEqual(['queued']);
    expect(o.requests.length - asked).toBeGreaterThan(2);
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'x', 'eyes', 'white_check_mark']);
    expect(summaryUpdates(h().slack, channel)).toHaveLength(1);
    expect(JSON.stringify(summaryUpdates(h().slack, channel)[0]!.params.blocks)).toContain('test-model');
  });

  it('HTTP 429 with Retry-After: rate_limited in plain words, ❌, and the next paper is summarized', async () => {
    const channel = 'C0MODEL429';
    const o = openAi!;
    o.script({ status: 429, headers: { 'retry-after': '1' }, error: 'slow down' }, { status: 429, headers: { 'retry-after': '1' }, error: 'slow down' });
    // A paper the cache has not seen (the sample paper's summary is cached by the test before).
    const unseen = await makePaperPdf({ ...samplePaperSpec, date: new Date('2025-02-02T00:00:00Z') });
    const asked = o.requests.length;
    const { outcome } = await share(h(), channel, unseen);
    expect(o.requests.length - asked).toBe(2); // the request and its one retry after Retry-After
    expect(outcome).toEqual(['queued']);
    expectFailure(h(), channel, 'rate_limited');
    expect(lastUpdateText(h().slack, channel)).toContain(describeError(new PaperError('rate_limited', { retryAfterSeconds: 1 })).message);
    await expectStillServing(h(), channel);
  });
});
