/**
 * Contract points checked on the real `paperbot` processes (env and arguments only, nothing injected):
 * a refused first answer gets its one fresh follow-up, a key-less local model server is used, and `serve` accepts
 * Discord attachments from the configured Discord host (DISCORD_API_URL's origin).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../helpers/fake-discord.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';
import { bodyOf, finalEdit } from '../helpers/discord-harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { REPO_ROOT, runCli, startServe, tempDir } from '../helpers/run-cli.ts';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'sample-paper.pdf');
const REFUSAL = "I'm sorry, but I can't help with summarizing this document.";

describe('summarize: one fresh follow-up after a refusal', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.fallback = (req) => ({ reply: goodReply(req) });
  });
  const env = () => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model', CACHE_URL: 'memory:', LLM_MAX_RETRIES: '0' });

  it('a refusal, then a summary: exit 0 with the summary, two requests, the refusal never replayed', async () => {
    fake.script({ reply: REFUSAL });
    const run = await runCli(['summarize', '--json', '--lang', 'en', SAMPLE], { env: env() });
    expect(run.stderr).not.toMatch(/declined/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, any>;
    expect(out).toMatchObject({ ok: true, engine: 'llm', model: 'fake-model', usage: { requests: 2 } });
    expect(out.summary.results).toBe('F1 improves by 4.2 on the benchmark, which supports the goal.');
    expect(fake.requests).toHaveLength(2);
    const second = fake.requests[1]!.body.messages;
    expect(second.map((m) => m.role)).toEqual(['system', 'user']);
    expect(JSON.stringify(second)).not.toContain(REFUSAL);
  });

  it('refused twice: exit 1 after exactly two requests, one plain line on stderr', async () => {
    fake.fallback = () => ({ reply: REFUSAL });
    const run = await runCli(['summarize', SAMPLE], { env: env() });
    expect(run.code).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(run.stdout).toBe('');
    const last = run.stderr.trim().split('\n').at(-1)!;
    expect(last).toBe(`${SAMPLE}: The language model declined to summarize this paper. Try again later, or with another model.`);
  });

  it('a content-filter stop, then a summary: exit 0', async () => {
    fake.script({ reply: '', finishReason: 'content_filter' });
    const run = await runCli(['summarize', '--json', SAMPLE], { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, engine: 'llm' });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('a local model server without a key (OPENAI_BASE_URL alone)', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(() => fake.close());

  it('summarize uses the model (engine llm), with or without --engine llm', async () => {
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'llama3.1:8b', CACHE_URL: 'memory:' };
    const auto = await runCli(['summarize', '--json', SAMPLE], { env });
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.stdout)).toMatchObject({ ok: true, engine: 'llm', model: 'llama3.1:8b', usage: { requests: 1 } });
    const forced = await runCli(['summarize', '--json', '--engine', 'llm', SAMPLE], { env });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ engine: 'llm' });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.body.model).toBe('llama3.1:8b');
  });

  it('with neither a key nor a base URL: the extractive engine, and --engine llm is a usage error naming both', async () => {
    const run = await runCli(['summarize', '--json', SAMPLE], { env: { CACHE_URL: 'memory:' } });
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, engine: 'extractive', model: null, usage: null });
    const bad = await runCli(['summarize', '--engine', 'llm', SAMPLE], { env: { CACHE_URL: 'memory:' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--engine llm needs OPENAI_API_KEY or OPENAI_BASE_URL to be set');
  });
});

describe('serve with Discord: attachments from the configured Discord host', () => {
  let discord: FakeDiscord;
  let model: FakeOpenAi;
  beforeAll(async () => {
    discord = await startFakeDiscord();
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(async () => {
    await discord.close();
    await model.close();
  });

  it('summarizes a PDF attached to /summarize when the file is served from DISCORD_API_URL\'s origin; other hosts stay refused', async () => {
    const dir = tempDir('paperbot-discord-serve-');
    const env = {
      DISCORD_TOKEN: 'test-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      // A key-less model endpoint: the bot must use it too (engine llm).
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MODEL: 'local-model',
      CACHE_URL: `sqlite://${path.join(dir, 'cache.sqlite')}`,
      SUMMARY_LANGUAGE: 'en',
    };
    const bot = await startServe(env, { cwd: dir, ready: 'health check at', first: () => discord.waitForReady() });
    try {
      const pdf = new Uint8Array(readFileSync(SAMPLE));
      const url = discord.serveCdn('attachments/7/7/paper.pdf', { body: pdf, contentType: 'application/pdf' });
      expect(new URL(url).origin).toBe(new URL(discord.apiUrl).origin);
      const ia = slashCommand(discord.appId, { pdf: attachment(url, 'paper.pdf', pdf.length) });
      discord.dispatch('INTERACTION_CREATE', ia);
      await waitFor('the summary embeds', () => finalEdit(discord, ia.token) !== undefined, 30_000);
      expect(discord.downloads).toContain('/cdn/attachments/7/7/paper.pdf');
      const embeds = bodyOf(finalEdit(discord, ia.token)!).embeds as Array<{ description?: string; fields?: unknown[] }>;
      expect(JSON.stringify(embeds)).toContain('section-aware budgeting');
      expect(model.requests).toHaveLength(1);

      // A host that is neither Discord's CDN nor the configured one is still refused, without a request.
      const other = slashCommand(discord.appId, { pdf: attachment('http://127.0.0.2:9/paper.pdf', 'paper.pdf', 1000) });
      discord.dispatch('INTERACTION_CREATE', other);
      await waitFor('the refusal', () => discord.callsFor(other.token).some((c) => c.method === 'PATCH' && String(bodyOf(c).content ?? '').startsWith('❌')), 30_000);
      expect(String(bodyOf(discord.callsFor(other.token).filter((c) => c.method === 'PATCH').at(-1)!).content)).toContain("does not point to Discord's CDN");
    } finally {
      await bot.stop();
    }
  });
});
