/** The `paperbot` command exactly as CONTRACT.md describes it, run as a separate process. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlSignInPage, pngBytes, truncate, zipBytes } from '../fixtures/bad-files.ts';
import { makeEncryptedPdf } from '../fixtures/encrypt-pdf.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { REPO_ROOT, runCli, tempDir } from '../helpers/run-cli.ts';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'sample-paper.pdf');

describe('paperbot summarize (no keys: extractive engine)', () => {
  it('summarizes the shipped sample paper in the fixed six-item format', async () => {
    const run = await runCli(['summarize', SAMPLE], { env: { CACHE_URL: 'memory:' } });
    expect(run.stderr).toMatch(/reading \d+ pages/);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^1\. 标题: \S.+/);
    expect(lines[1]).toMatch(/^2\. 作者: \S.+/);
    expect(lines[2]).toMatch(/^3\. 第一作者单位: /);
    expect(lines[3]).toMatch(/^4\. 关键词: \S/);
    expect(lines[4]).toMatch(/^5\. 链接: \S+, Github: https:\/\/github\.com\/\S+$/);
    expect(lines[5]).toBe('6. 摘要:');
    for (const [i, n] of [1, 2, 3, 4].entries()) {
      expect(lines[6 + i]).toMatch(new RegExp(`^  \\(${n}\\): .{40,}`));
    }
    expect(run.stdout).toMatch(/抽取式摘要|extractive/);
  });

  it('prints one JSON object per input, keeps going after failures, and exits 1', async () => {
    const dir = tempDir();
    const sample = readFileSync(SAMPLE);
    const files: Record<string, Uint8Array> = {
      'empty.pdf': Buffer.alloc(0),
      'image.pdf': pngBytes(),
      'archive.pdf': zipBytes(),
      'signin.pdf': htmlSignInPage(),
      'truncated.pdf': truncate(sample, 0.3),
      'locked.pdf': await makeEncryptedPdf('secret'),
      'big.pdf': Buffer.concat([sample, Buffer.alloc(1_200_000, 0x20)]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
    const inputs = ['empty.pdf', 'image.pdf', 'archive.pdf', 'signin.pdf', SAMPLE, 'truncated.pdf', 'locked.pdf', 'missing.pdf', 'big.pdf', 'http://127.0.0.1:9/paper.pdf'];
    const run = await runCli(['summarize', '--json', '--lang', 'en', ...inputs], { cwd: dir, env: { CACHE_URL: 'memory:', MAX_PDF_MB: '1' } });
    expect(run.code).toBe(1);
    const out = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(out.map((o) => o.input)).toEqual(inputs);
    const codes = out.map((o) => (o.ok ? 'ok' : o.error.code));
    expect(codes).toEqual(['not_pdf', 'not_pdf', 'not_pdf', 'not_pdf', 'ok', 'not_pdf', 'encrypted', 'download_failed', 'too_large', 'url_refused']);
    for (const o of out.filter((x) => !x.ok)) expect(o.error.message).toMatch(/^[A-Z].{15,}/);
    const good = out[4]!;
    expect(Object.keys(good).sort()).toEqual(
      ['input', 'ok', 'title', 'titleOriginal', 'authors', 'affiliation', 'keywords', 'links', 'summary', 'language', 'engine', 'model', 'cached', 'source', 'usage'].sort(),
    );
    expect(good).toMatchObject({ ok: true, language: 'en', engine: 'extractive', model: null, usage: null, cached: false });
    expect(Object.keys(good.summary)).toEqual(['background', 'priorWork', 'method', 'results']);
    expect(good.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    // One stderr line per failure: the input, then the reason.
    const failureLines = run.stderr.split('\n').filter((l) => inputs.some((i) => l.startsWith(`${i}: `)) && !/reading|summarizing|done in/.test(l));
    expect(failureLines).toHaveLength(9);
    expect(failureLines.find((l) => l.startsWith('image.pdf'))).toMatch(/not a PDF \(it looks like a PNG image\)/);
    expect(failureLines.find((l) => l.startsWith('signin.pdf'))).toMatch(/HTML page/);
    expect(failureLines.find((l) => l.startsWith('locked.pdf'))).toMatch(/password-protected/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack traces
  });

  it.each([
    [['summarize'], /at least one input/],
    [['summarize', 'x.pdf', '--lang', 'fr'], /--lang must be zh or en/],
    [['summarize', 'x.pdf', '--engine', 'gpt'], /--engine must be/],
    [['summarize', 'x.pdf', '--engine', 'llm'], /needs OPENAI_API_KEY/],
    [['summarize', 'x.pdf', '--bogus'], /Unknown option/i],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('answers --help for every command with its own options, and --version, without loading the bot', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['summarize', 'serve', 'worker', 'discord-register']) expect(top.stdout).toContain(`paperbot ${command}`);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const expected: Record<string, RegExp[]> = {
      summarize: [/--json/, /--lang zh\|en/, /--engine auto\|llm\|extractive/, /--no-cache/],
      serve: [/SLACK_BOT_TOKEN/, /DISCORD_TOKEN/, /healthz/],
      worker: [/REDIS_URL/],
      'discord-register': [/--guild ID/],
    };
    for (const [command, options] of Object.entries(expected)) {
      // A configured Slack token proves `serve --help` does not start the bot (it would try to reach Slack).
      const run = await runCli([command, '--help'], { env: { SLACK_BOT_TOKEN: 'xoxb-not-used', SLACK_SIGNING_SECRET: 's', REDIS_URL: 'redis://127.0.0.1:1' }, timeoutMs: 10_000 });
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`^Usage: paperbot ${command}`));
      for (const o of options) expect(run.stdout, command).toMatch(o);
      expect(run.stderr, command).toBe('');
    }
  });

  it.each(['serve', 'worker', 'discord-register'])('answers an unknown option of %s with that command\'s usage and exit 2', async (command) => {
    const run = await runCli([command, '--bogus'], { timeoutMs: 10_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown option '--bogus'/);
    expect(run.stderr).toContain(`Usage: paperbot ${command}`);
  });

  it('exits 2 and names the variable when the configuration is invalid', async () => {
    // Also: the parser child started before the configuration is read must not keep a failed run alive.
    const run = await runCli(['summarize', SAMPLE], { env: { MAX_PAGES: 'lots' }, timeoutMs: 15_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('MAX_PAGES must be a positive whole number');
  });
});

describe('paperbot summarize with a model endpoint', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(() => fake.close());

  it('uses the model when OPENAI_API_KEY is set, and the second run comes from the SQLite cache', async () => {
    const dir = tempDir();
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model', CACHE_URL: `sqlite://${path.join(dir, 'c.sqlite')}` };
    const first = await runCli(['summarize', '--json', SAMPLE], { cwd: dir, env });
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as Record<string, any>;
    expect(a).toMatchObject({ ok: true, engine: 'llm', model: 'fake-model', cached: false, language: 'zh' });
    expect(a.usage).toEqual({ inputTokens: 1000, outputTokens: 200, requests: 1 });
    expect(fake.requests).toHaveLength(1);
    const second = await runCli(['summarize', '--json', SAMPLE], { cwd: dir, env });
    const b = JSON.parse(second.stdout) as Record<string, any>;
    expect(b.cached).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(second.stderr).toMatch(/found in cache/);
    const third = await runCli(['summarize', '--json', '--no-cache', SAMPLE], { cwd: dir, env });
    expect((JSON.parse(third.stdout) as { cached: boolean }).cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
  });
});
