/**
 * Issue 6, part 6: tokens and keys never appear in logs. The redactor and the pino logger on their own, then
 * `paperbot serve` (Slack + Discord + model, LOG_LEVEL=debug) against fakes that echo the credentials they received
 * back in their errors (as OpenAI's "Incorrect API key provided: …" and many proxies do), and finally the real
 * `paperbot serve` process started with bad tokens: every line on stderr is checked for every secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLog } from '../../src/adapters/common/log.ts';
import { createLogger } from '../../src/adapters/common/logger.ts';
import { createBoltLogger } from '../../src/adapters/slack/logger.ts';
import { REDACTED, createRedactor, secretsOf } from '../../src/adapters/common/redact-secrets.ts';
import { loadConfig } from '../../src/config.ts';
import { runServerCommand } from '../../src/commands/server.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack } from '../helpers/fake-slack.ts';
import { freePort } from '../helpers/free-port.ts';
import { runCli } from '../helpers/run-cli.ts';
import { SAMPLE_PDF, fileShareEvent, pdfFile } from '../helpers/slack-harness.ts';

// Realistic shapes, so both nets (configured values and token shapes) are exercised.
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  SLACK_APP_TOKEN: 'xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef0123456789',
  SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
  DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMg.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  OPENAI_API_KEY: 'sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe',
};
const REDIS_PASSWORD = 'r3dis-Pa55word';
const ALL = [...Object.values(SECRETS), REDIS_PASSWORD];

function expectNoSecrets(text: string): void {
  for (const s of ALL) expect(text, `a secret (${s.slice(0, 8)}…) reached the log`).not.toContain(s);
  expect(text).not.toMatch(/xox[bpa]-\d|xapp-\d|Bearer [A-Za-z0-9]{8}|sk-proj-[A-Za-z0-9]/);
}

describe('createRedactor / secretsOf', () => {
  const redact = createRedactor(secretsOf({ ...SECRETS, REDIS_URL: `redis://default:${REDIS_PASSWORD}@cache.internal:6379/0`, CACHE_URL: 'memory:' }));

  it('removes every configured value, also URL-encoded and JSON-escaped', () => {
    for (const s of ALL) {
      expect(redact(`before ${s} after`)).toBe(`before ${REDACTED} after`);
      expect(redact(`q=${encodeURIComponent(s)}`)).not.toContain(s);
    }
    expect(secretsOf({ CACHE_URL: 'sqlite://./data/paperbot.sqlite', SLACK_API_URL: 'https://slack.com/api/' })).toEqual([]);
  });

  it('removes token shapes nobody configured', () => {
    const bare = createRedactor();
    const line = bare(
      'Authorization: Bearer abcdefghijklmnop; slack xoxp-11-22-33abcdefgh; key sk-abcdefghijklmnopqrstuvwx; ' +
        'Bot MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123; redis://user:hunter2hunter2@db:6379',
    );
    expect(line).not.toMatch(/abcdefghijklmnop;|xoxp-11|sk-abcdef|MTIzNDU2|hunter2/);
    expect(line).toContain(`redis://user:${REDACTED}@db:6379`);
  });

  it('leaves ordinary log text alone', () => {
    const text = 'paperbot: Discord bot connected as paperbot; summary of paper.pdf failed (llm_failed) in C0123';
    expect(createRedactor(secretsOf(SECRETS))(text)).toBe(text);
  });
});

describe('the pino logger of serve and worker', () => {
  const capture = (lines: string[] = []) => ({ lines, write: (l: string) => void lines.push(l) });

  it('redacts secrets in messages, error stacks, causes, attached response bodies, objects and keys (JSON lines)', () => {
    const { lines, write } = capture();
    const log = createLogger({ level: 'debug', format: 'json', secrets: secretsOf(SECRETS), write }).child({ name: 't' });
    const cause = new Error(`upstream echoed ${SECRETS.SLACK_SIGNING_SECRET}`);
    const err = Object.assign(new Error(`401 Incorrect API key provided: ${SECRETS.OPENAI_API_KEY}`, { cause }), {
      body: { headers: { authorization: `Bot ${SECRETS.DISCORD_TOKEN}` } },
      requestBody: { file: 'x'.repeat(50_000) }, // clipped: enough to diagnose, not a dump
    });
    log.error({ err }, 'failed');
    log.warn({ request: { token: SECRETS.SLACK_BOT_TOKEN, app: SECRETS.SLACK_APP_TOKEN } }, 'request');
    log.debug(`plain ${SECRETS.SLACK_BOT_TOKEN}`);
    const circular: Record<string, unknown> = { token: SECRETS.DISCORD_TOKEN };
    circular.self = circular;
    log.info(circular, 'circular');
    log.info({ [SECRETS.OPENAI_API_KEY]: 1 }, 'a secret as a key');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => [r.level, r.name, r.msg])).toEqual([
      [50, 't', 'failed'],
      [40, 't', 'request'],
      [20, 't', `plain ${REDACTED}`],
      [30, 't', 'circular'],
      [30, 't', 'a secret as a key'],
    ]);
    const logged = records[0]!.err as { type: string; message: string; stack: string; body: unknown; requestBody: string };
    expect(logged.type).toBe('Error');
    expect(logged.message).toContain('Incorrect API key provided: [REDACTED]');
    expect(logged.stack).toContain('caused by: Error: upstream echoed [REDACTED]'); // the cause was written, without its secret
    expect([logged.body, logged.requestBody.length]).toEqual([{ headers: { authorization: `Bot ${REDACTED}` } }, 2001]);
    expectNoSecrets(lines.join('\n'));
  });

  it('redacts token shapes nobody configured, also right after a line break of a stack (where JSON escapes hide the word boundary)', () => {
    const { lines, write } = capture();
    const log = createLogger({ format: 'json', write });
    log.error({ err: new Error('proxy said:\nxoxp-11-22-33abcdefgh\nsk-abcdefghijklmnopqrstuvwx\tBearer abcdefghijklmnop') }, 'echo');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/xoxp-11|sk-abcdef|abcdefghijklmnop/);
    expect(JSON.parse(lines[0]!).err.message).toBe(`proxy said:\n${REDACTED}\n${REDACTED}\tBearer ${REDACTED}`);
  });

  it('the Bolt logger and the Discord log are named children; readable lines are redacted too', () => {
    const { lines, write } = capture();
    const root = createLogger({ level: 'debug', format: 'pretty', secrets: secretsOf(SECRETS), write });
    const bolt = createBoltLogger(root);
    bolt.setLevel(bolt.getLevel()); // what Bolt does on start
    const cause = new Error(`upstream echoed ${SECRETS.SLACK_SIGNING_SECRET}`);
    bolt.error('An API error occurred:', new Error(`invalid_auth (Bearer ${SECRETS.SLACK_BOT_TOKEN})`, { cause }));
    bolt.debug('http request result:', { token: SECRETS.SLACK_APP_TOKEN });
    createLog(root, 'paperbot:discord').warn(`edit failed (Bot ${SECRETS.DISCORD_TOKEN})`);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[[\d:.]+\] ERROR \(paperbot:slack\): An API error occurred:\n/);
    expect(lines[0]).toContain('caused by: Error: upstream echoed [REDACTED]');
    expect(lines[1]).toMatch(/DEBUG \(paperbot:slack\): http request result: \{ token: '\[REDACTED\]' \}$/);
    expect(lines[2]).toMatch(/WARN \(paperbot:discord\): edit failed \(Bot \[REDACTED\]\)$/);
    expectNoSecrets(lines.join('\n'));
  });

  it('writes nothing when silent (also after Bolt sets back the level it read) and honours the level', () => {
    const { lines, write } = capture();
    createLogger({ level: 'silent', write }).error('x');
    const bolt = createBoltLogger(createLogger({ level: 'silent', write }));
    bolt.setLevel(bolt.getLevel());
    bolt.error('x');
    const warn = createLogger({ level: 'warn', format: 'json', write }).child({ name: 't' });
    warn.info('no');
    warn.warn('yes');
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 40, name: 't', msg: 'yes' })]);
  });

  it('JSON lines unless written to a terminal; LOG_FORMAT decides when set', () => {
    const first = (opts: Parameters<typeof createLogger>[0]) => {
      const { lines, write } = capture();
      createLogger({ ...opts, write }).info('hello');
      return lines[0]!;
    };
    expect(JSON.parse(first({}))).toMatchObject({ level: 30, msg: 'hello' });
    expect(first({ terminal: true })).toMatch(/INFO.*: .*hello/);
    expect(() => JSON.parse(first({ terminal: true }))).toThrow();
    expect(JSON.parse(first({ terminal: true, format: 'json' }))).toMatchObject({ msg: 'hello' });
    expect(first({ format: 'pretty' })).toMatch(/^\[[\d:.]+\] INFO: hello$/); // no colours when not at a terminal
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(loadConfig({}).LOG_FORMAT).toBeUndefined();
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be "json" or "pretty"/);
  });
});

describe('paperbot serve with LOG_LEVEL=debug against fakes that echo credentials', () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let openAi: FakeOpenAi;
  beforeAll(async () => {
    slack = await startFakeSlack();
    discord = await startFakeDiscord({ token: SECRETS.DISCORD_TOKEN });
    // OpenAI's real 401 names the key it was given; this one repeats the whole header.
    openAi = await startFakeOpenAi((req) => ({ status: 401, error: `Incorrect API key provided: ${String(req.headers.authorization)}` }));
  });
  afterAll(async () => {
    await openAi?.close();
    await discord?.close();
    await slack?.close();
  });

  it('no secret reaches stderr while Slack, Discord and the model fail with errors that contain them', async () => {
    // Slack: a platform error that quotes the Authorization header (web-api logs the whole result at debug level).
    slack.fail('reactions.add', Infinity, { status: 200, body: (auth) => ({ ok: false, error: `invalid_auth (${String(auth)})` }) });
    // Discord: every edit of the reply fails with a message that quotes the bot token.
    discord.fail('PATCH', /^\/webhooks\//, Infinity, { status: 400, body: () => ({ message: `Invalid Form Body (Bot ${SECRETS.DISCORD_TOKEN})`, code: 50035 }) });
    const port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: SECRETS.DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
      OPENAI_BASE_URL: openAi.baseURL,
      LLM_MAX_RETRIES: '1',
      CACHE_URL: 'memory:',
      PORT: String(port),
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      SUMMARY_LANGUAGE: 'en',
    });
    const stderr: string[] = [];
    const stdout: string[] = [];
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    const done = runServerCommand('serve', [], config, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env: {} }, {
      stopSignal,
      onStarted: () => {
        void (async () => {
          try {
            const ev = fileShareEvent('C0REDACT', pdfFile(slack, 'F0REDACT'));
            await postSignedEvent(`http://127.0.0.1:${port}/slack/events`, SECRETS.SLACK_SIGNING_SECRET, ev);
            const url = discord.serveCdn('attachments/7/paper.pdf', { body: SAMPLE_PDF, contentType: 'application/pdf' });
            discord.dispatch('INTERACTION_CREATE', slashCommand(discord.appId, { pdf: attachment(url, 'paper.pdf', SAMPLE_PDF.length) }));
            const all = () => stderr.join('\n');
            await waitFor('the Slack summary to fail on the model', () => /llm_failed/.test(all()), 30_000);
            // Discord: the error words were sent (and refused with the echo), and the refusal was logged.
            const errorEditTried = () => discord.calls.some((c) => c.method === 'PATCH' && c.status === 400 && String((c.body as { content?: unknown } | null)?.content ?? '').startsWith('❌'));
            await waitFor('the Discord reply to fail', () => errorEditTried() && /Invalid Form Body/.test(all()), 30_000);
          } finally {
            stop();
          }
        })();
      },
    });
    expect(await done).toBe(0);
    const text = stderr.join('\n');
    expect(openAi.requests.length).toBeGreaterThan(0); // the model was really asked, with the key
    expect(text).toContain(REDACTED); // the echoes really reached the logger…
    expectNoSecrets(text); // …and left it without a secret
    expect(stdout).toEqual([]);
    // Every line is a pino record, the errors among them through the err serializer.
    const records = stderr.map((l) => JSON.parse(l) as { level: number; name?: string });
    expect(records.some((r) => r.name === 'paperbot:slack' && r.level >= 50)).toBe(true);
    expect(records.some((r) => r.name === 'paperbot:discord' && r.level >= 50)).toBe(true);
  }, 60_000);
});

describe('the real `paperbot serve` process with bad tokens', () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  beforeAll(async () => {
    slack = await startFakeSlack();
    discord = await startFakeDiscord();
  });
  afterAll(async () => {
    await discord?.close();
    await slack?.close();
  });

  it('says the Slack token is wrong and exits 1, with no secret on stderr', async () => {
    slack.fail('auth.test', Infinity, { status: 200, body: (auth) => ({ ok: false, error: `invalid_auth (${String(auth)})` }) });
    const run = await runCli(['serve'], {
      env: { ...SECRETS, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', SLACK_API_URL: slack.apiUrl, CACHE_URL: 'memory:', PORT: String(await freePort()), LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_S: '2' },
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expectNoSecrets(run.stderr);
    expectNoSecrets(run.stdout);
    slack.clearFailures();
  }, 40_000);

  it('says the Discord token is wrong and exits 1, with no secret on stderr', async () => {
    slack.fail('auth.test', Infinity, { status: 200, body: (auth) => ({ ok: false, error: `invalid_auth (${String(auth)})` }) });
    discord.fail('GET', /^\/gateway\/bot$/, Infinity, { status: 401, body: (c) => ({ message: `401: Unauthorized (${String(c.auth)})`, code: 0 }) });
    const run = await runCli(['serve'], {
      env: {
        ...SECRETS,
        SLACK_APP_TOKEN: '',
        SLACK_BOT_TOKEN: '',
        SLACK_API_URL: slack.apiUrl,
        DISCORD_API_URL: discord.apiUrl,
        CACHE_URL: 'memory:',
        PORT: String(await freePort()),
        LOG_LEVEL: 'debug',
        SHUTDOWN_TIMEOUT_S: '2',
      },
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
    expectNoSecrets(run.stderr);
    expectNoSecrets(run.stdout);
  }, 40_000);

  it('says Redis cannot be reached and exits 1, for serve and worker, with no password on stderr (scaled mode)', async () => {
    for (const command of ['serve', 'worker']) {
      const run = await runCli([command], {
        env: {
          ...SECRETS,
          SLACK_APP_TOKEN: '',
          SLACK_API_URL: slack.apiUrl,
          DISCORD_API_URL: discord.apiUrl,
          REDIS_URL: `redis://default:${REDIS_PASSWORD}@127.0.0.1:1/0`,
          CACHE_URL: 'memory:',
          PORT: String(await freePort()),
          LOG_LEVEL: 'debug',
          SHUTDOWN_TIMEOUT_S: '2',
        },
        timeoutMs: 30_000,
      });
      expect(run.code, command).toBe(1);
      expect(run.stderr).toMatch(/cannot reach Redis at REDIS_URL \(redis:\/\/.+@127\.0\.0\.1:1\/0\): .*ECONNREFUSED/);
      expect(run.stderr).not.toContain(REDIS_PASSWORD);
      expectNoSecrets(run.stderr);
      expectNoSecrets(run.stdout);
    }
  }, 60_000);
});
