/**
 * Issue 6, part 3: Slack and Discord answer 429s and 5xx while the bot posts. The summary still arrives exactly once,
 * the model is asked once per paper (the summarizer caches the result before the adapter posts it), and when posting
 * keeps failing past the SDK's retries the error is logged without tokens and the bot keeps serving: sharing the
 * paper again is answered from the cache.
 *
 * Real Bolt app and real discord.js Client against the local fakes, real pipeline with the fake OpenAI server.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/bot.ts';
import { createLog } from '../../src/adapters/common/log.ts';
import { secretsOf } from '../../src/adapters/common/redact-secrets.ts';
import { createSlackApp, type EventOutcome, type SlackApp } from '../../src/adapters/slack/app.ts';
import { createBoltLogger } from '../../src/adapters/slack/logger.ts';
import { createLogger } from '../../src/adapters/common/logger.ts';
import { createGuardedFetcher } from '../../src/services/guarded-fetch.ts';
import { bodyOf } from '../helpers/discord-harness.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';
import { startFakeDiscord, type FakeDiscord, type RestCall } from '../helpers/fake-discord.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack, type SlackCall } from '../helpers/fake-slack.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';
import { BOT_TOKEN, SAMPLE_PDF, SIGNING_SECRET, fileShareEvent, pdfFile, slackTestSettings } from '../helpers/slack-harness.ts';

const MAX = 25 * 1024 * 1024;
const DISCORD_TOKEN = 'test-discord-token';

/** A different paper each time (same text, other bytes → other sha256), so nothing is cached across tests. */
let variant = 0;
const freshPdf = () => Buffer.concat([SAMPLE_PDF, Buffer.from(`\n% variant ${++variant}\n`)]);

const hasBlocks = (p: Record<string, unknown>) => Array.isArray(p.blocks) && p.blocks.length > 0;
const summaryPosts = (calls: SlackCall[]) => calls.filter((c) => (c.method === 'chat.update' || c.method === 'chat.postMessage') && hasBlocks(c.params));

let openAi: FakeOpenAi;
beforeAll(async () => {
  openAi = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }) }));
});
afterAll(() => openAi?.close());

describe('Slack: 429 and 5xx from chat.postMessage / chat.update', () => {
  // The app uses the SDK's "five retries in five minutes"; the same five retries, with the waits cut to milliseconds.
  const policy = webApi.retryPolicies.fiveRetriesInFiveMinutes as Record<string, unknown>;
  const saved = { ...policy };
  let slack: FakeSlack;
  let pipeline: TestPipeline;
  let bot: SlackApp;
  const logs: string[] = [];
  const outcomes = new Map<string, EventOutcome>();
  let eventsUrl = '';

  beforeAll(async () => {
    Object.assign(policy, { minTimeout: 5, maxTimeout: 40, randomize: false });
    slack = await startFakeSlack();
    pipeline = realPipeline({ baseURL: openAi.baseURL });
    bot = createSlackApp({
      settings: slackTestSettings(slack.apiUrl, { mode: 'http', port: 0, language: 'en' }),
      summarizer: pipeline.summarizer,
      engine: 'llm',
      fetcher: createGuardedFetcher({ maxBytes: MAX, timeoutMs: 10_000 }),
      maxPdfBytes: MAX,
      cache: pipeline.cache,
      logger: createBoltLogger(createLogger({ level: 'warn', format: 'pretty', write: (line) => logs.push(line), secrets: secretsOf({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }) })),
      onEvent: (id, outcome) => void outcomes.set(id ?? '?', outcome),
    });
    const { port } = await bot.start({ port: 0, host: '127.0.0.1' });
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  });
  afterAll(async () => {
    for (const k of Object.keys(policy)) if (!(k in saved)) delete policy[k];
    Object.assign(policy, saved);
    await bot?.stop();
    await pipeline?.close();
    await slack?.close();
  });

  /** Drops `file` into `channel` and waits until the app has finished with it. */
  async function drop(channel: string, file: Record<string, unknown>): Promise<void> {
    const ev = fileShareEvent(channel, file);
    const res = await postSignedEvent(eventsUrl, SIGNING_SECRET, ev);
    expect(res.status).toBe(200);
    await waitFor(`the outcome of ${ev.event_id}`, () => outcomes.get(ev.event_id));
    await bot.idle();
  }

  it('a placeholder rate-limited once and a summary answered 429 then 503: delivered once, model asked once', async () => {
    const pdf = freshPdf();
    const before = openAi.requests.length;
    slack.fail('chat.postMessage', 1, { status: 429, retryAfter: 0 });
    slack.fail('chat.update', 1, { status: 429, retryAfter: 0 }, hasBlocks);
    slack.fail('chat.update', 1, { status: 503 }, hasBlocks);
    await drop('C0FAIL1', pdfFile(slack, 'F0FAIL1', 'paper.pdf', pdf));

    const attempts = summaryPosts(slack.callsIn('C0FAIL1'));
    expect(attempts.map((c) => c.status)).toEqual([429, 503, 200]);
    expect(attempts.filter((c) => c.ok)).toHaveLength(1);
    expect(slack.callsIn('C0FAIL1', 'chat.postMessage').map((c) => c.status)).toEqual([429, 200]); // the placeholder, retried
    expect(openAi.requests.length - before).toBe(1);
    expect(slack.callsIn('C0FAIL1', 'reactions.add').map((c) => c.params.name)).toContain('white_check_mark');
  });

  it('a summary that cannot be posted past the SDK retries is logged without the token; sharing it again is answered from the cache', async () => {
    const pdf = freshPdf();
    const before = openAi.requests.length;
    logs.length = 0;
    slack.fail('chat.update', Infinity, { status: 500, body: (auth) => ({ ok: false, error: 'internal_error', echo: auth }) }, hasBlocks);
    const file = pdfFile(slack, 'F0FAIL2', 'paper.pdf', pdf);
    await drop('C0FAIL2', file);

    const attempts = summaryPosts(slack.callsIn('C0FAIL2'));
    expect(attempts.length).toBe(6); // the first try and the SDK's five retries
    expect(attempts.every((c) => c.status === 500)).toBe(true);
    expect(openAi.requests.length - before).toBe(1);
    const logged = logs.join('\n');
    expect(logged).toMatch(/ERROR .*summary.*failed/);
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain(SIGNING_SECRET);

    // The process keeps serving, and the same file shared again is answered without asking the model.
    slack.clearFailures();
    await drop('C0FAIL2', file);
    const delivered = summaryPosts(slack.callsIn('C0FAIL2')).filter((c) => c.ok);
    expect(delivered).toHaveLength(1);
    expect(openAi.requests.length - before).toBe(1);
  });
});

describe('Discord: 429 and 5xx on the interaction webhook edit', () => {
  let fake: FakeDiscord;
  let pipeline: TestPipeline;
  let bot: DiscordBot;
  const logs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    pipeline = realPipeline({ baseURL: openAi.baseURL });
    bot = createDiscordBot({
      settings: { token: DISCORD_TOKEN, apiUrl: fake.apiUrl, autoChannels: [], defaultLanguage: 'en', downloadTimeoutMs: 10_000 },
      summarizer: pipeline.summarizer,
      engine: 'llm',
      fetcher: createGuardedFetcher({ maxBytes: MAX, timeoutMs: 10_000 }),
      maxPdfBytes: MAX,
      cache: pipeline.cache,
      log: createLog(createLogger({ level: 'warn', format: 'pretty', write: (line) => logs.push(line), secrets: secretsOf({ DISCORD_TOKEN, OPENAI_API_KEY: 'sk-test-not-a-real-key' }) }), 'paperbot:discord'),
    });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await pipeline?.close();
    await fake?.close();
  });

  const EDIT = /^\/webhooks\/\d+\/[^/]+\/messages\/(%40original|@original)$/;
  const withEmbeds = (c: RestCall) => ((bodyOf(c).embeds as unknown[] | undefined) ?? []).length > 0;
  const summaryEdits = (token: string) => fake.callsFor(token).filter((c) => c.method === 'PATCH' && withEmbeds(c));

  /** Runs /summarize with `pdf` attached and waits until the bot has finished with it. */
  async function summarize(pdf: Uint8Array, name: string): Promise<string> {
    const url = fake.serveCdn(`attachments/9/${name}`, { body: pdf, contentType: 'application/pdf' });
    const ia = slashCommand(fake.appId, { pdf: attachment(url, name, pdf.length) });
    fake.dispatch('INTERACTION_CREATE', ia);
    await waitFor(`the deferral of ${ia.token}`, () => fake.callsFor(ia.token).length > 0);
    // Finished: the summary (embeds) or the error words were put in place.
    const final = (c: RestCall) => c.method === 'PATCH' && c.status === 200 && (withEmbeds(c) || String(bodyOf(c).content ?? '').startsWith('❌'));
    await waitFor(`the end of ${ia.token}`, () => fake.callsFor(ia.token).some(final));
    await bot.idle();
    return ia.token;
  }

  it('the summary edit rate-limited once and answered 502 once: delivered once, model asked once', async () => {
    const before = openAi.requests.length;
    fake.fail('PATCH', EDIT, 1, { status: 429, retryAfter: 1 }, withEmbeds);
    fake.fail('PATCH', EDIT, 1, { status: 502 }, withEmbeds);
    const token = await summarize(freshPdf(), 'd1.pdf');

    expect(summaryEdits(token).map((c) => c.status)).toEqual([429, 502, 200]);
    expect(openAi.requests.length - before).toBe(1);
    const last = fake.callsFor(token).at(-1)!;
    expect(withEmbeds(last) && last.status === 200).toBe(true); // nothing replaced the summary afterwards
  });

  it('an edit that keeps failing past the REST retries is logged without the token; asking again is answered from the cache', async () => {
    const before = openAi.requests.length;
    logs.length = 0;
    fake.fail('PATCH', EDIT, Infinity, { status: 503, body: (c) => ({ message: `upstream down (auth ${String(c.auth)}, Bot ${DISCORD_TOKEN})`, code: 0 }) }, withEmbeds);
    const pdf = freshPdf();
    const first = await summarize(pdf, 'd2.pdf');

    expect(summaryEdits(first).length).toBe(4); // the first try and @discordjs/rest's three retries
    expect(summaryEdits(first).every((c) => c.status === 503)).toBe(true);
    expect(openAi.requests.length - before).toBe(1);
    const logged = logs.join('\n');
    expect(logged).toMatch(/ERROR .*summary of .*d2\.pdf failed/);
    expect(logged).not.toContain(DISCORD_TOKEN);

    fake.clearFailures();
    const again = await summarize(pdf, 'd2.pdf');
    expect(summaryEdits(again).filter((c) => c.status === 200)).toHaveLength(1);
    expect(openAi.requests.length - before).toBe(1);
  });
});
