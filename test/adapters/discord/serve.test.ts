/**
 * `paperbot serve` with DISCORD_TOKEN (alone and next to Slack), failed logins in plain words, and
 * `paperbot discord-register [--guild ID]` against the fake Discord REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import { loadConfig } from '../../../src/config.ts';
import { runServerCommand, type ServeHooks } from '../../../src/commands/server.ts';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.ts';
import { freePort } from '../../helpers/free-port.ts';

function io() {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  return { out, io: { stdout: (l: string) => out.stdout.push(l), stderr: (l: string) => out.stderr.push(l), env: {} } };
}

/** Runs `serve` until it is up, then stops it; returns the exit code, what onStarted saw, and the output. */
async function serveUntilStarted(env: Record<string, string>) {
  const { out, io: cliIo } = io();
  let stop!: () => void;
  const stopSignal = new Promise<void>((r) => (stop = r));
  let info: Parameters<NonNullable<ServeHooks['onStarted']>>[0] | undefined;
  const code = await runServerCommand('serve', [], loadConfig({ CACHE_URL: 'memory:', LOG_LEVEL: 'info', ...env }), cliIo, {
    stopSignal,
    onStarted: (i) => {
      info = i;
      stop();
    },
  });
  return { code, info, out };
}

describe('paperbot serve with Discord', () => {
  let fake: FakeDiscord;
  let slack: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
    await slack?.close();
  });

  it('starts the Discord bot when DISCORD_TOKEN is set, with only the Guilds intent', async () => {
    const { code, info, out } = await serveUntilStarted({ DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(0);
    expect(info).toEqual({ mode: null, port: null, discord: { user: 'paperbot' } });
    expect(out.stderr.join('\n')).toContain('Discord bot connected as paperbot');
    expect(out.stdout).toEqual([]);
    expect(fake.identifies.at(-1)!.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('starts Discord next to Slack when both are configured', async () => {
    const port = await freePort();
    const { code, info, out } = await serveUntilStarted({
      DISCORD_TOKEN: 'test-discord-token',
      DISCORD_API_URL: fake.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-serve-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
    });
    expect(code).toBe(0);
    expect(info).toEqual({ mode: 'http', port, discord: { user: 'paperbot' } });
    expect(out.stderr.join('\n')).toContain(`listening on port ${port}`);
    expect(out.stderr.join('\n')).toContain('Discord bot connected');
  });

  it('says plainly that the token is wrong and exits 1', async () => {
    const { code, info, out } = await serveUntilStarted({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(1);
    expect(info).toBeUndefined();
    expect(out.stderr.join('\n')).toMatch(/Discord rejected DISCORD_TOKEN\. Copy the bot token again/);
    expect(out.stderr.join('\n')).not.toMatch(/at .*\.js:\d+/);
  });

  it('says plainly that the Message Content intent is not enabled and exits 1', async () => {
    fake.disallowedIntents = GatewayIntentBits.MessageContent;
    try {
      const { code, out } = await serveUntilStarted({ DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: fake.apiUrl, DISCORD_AUTO_CHANNELS: '1300000000000000002' });
      expect(code).toBe(1);
      expect(out.stderr.join('\n')).toMatch(/Message Content Intent.*Privileged Gateway Intents/);
    } finally {
      fake.disallowedIntents = 0;
    }
  });

  it('names a malformed DISCORD_AUTO_CHANNELS at start-up', () => {
    expect(() => loadConfig({ DISCORD_AUTO_CHANNELS: '123456789012, #papers' })).toThrow(/DISCORD_AUTO_CHANNELS must be channel ids/);
  });
});

describe('paperbot discord-register', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const env = () => ({ DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: fake.appId });

  it('--guild PUTs the commands to the guild, with zh-CN localizations', async () => {
    const { out, io: cliIo } = io();
    const code = await runServerCommand('discord-register', ['--guild', '1300000000000000001'], loadConfig(env()), cliIo);
    expect(code).toBe(0);
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.appId}/guilds/1300000000000000001/commands`);
    expect(put.auth).toBe('Bot test-discord-token');
    const [slash, menu, ask, papers] = put.body as [Record<string, any>, Record<string, any>, Record<string, any>, Record<string, any>];
    expect(slash).toMatchObject({ type: 1, name: 'summarize', name_localizations: { 'zh-CN': '总结' } });
    expect(slash.description_localizations['zh-CN']).toContain('论文');
    expect(slash.options.map((o: { name: string; type: number }) => [o.name, o.type])).toEqual([['pdf', 11], ['url', 3], ['language', 3]]);
    expect(slash.options[2].choices.map((c: { value: string }) => c.value)).toEqual(['zh', 'en']);
    expect(menu).toMatchObject({ type: 3, name: 'Summarize paper', name_localizations: { 'zh-CN': '总结论文' } });
    expect(ask).toMatchObject({ type: 1, name: 'ask', name_localizations: { 'zh-CN': '提问' } });
    expect(ask!.options.map((o: { name: string; required: boolean }) => [o.name, o.required])).toEqual([['question', true], ['paper', false]]);
    expect(papers).toMatchObject({ type: 1, name: 'papers', name_localizations: { 'zh-CN': '论文列表' } });
    expect(out.stdout.join('\n')).toContain('Registered summarize, Summarize paper, ask, papers in server 1300000000000000001');
  });

  it('registers globally without --guild, asking Discord for the application id when it is not set', async () => {
    const { out, io: cliIo } = io();
    const before = fake.calls.length;
    const code = await runServerCommand('discord-register', [], loadConfig({ DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: fake.apiUrl }), cliIo);
    expect(code).toBe(0);
    const calls = fake.calls.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /applications/@me', `PUT /applications/${fake.appId}/commands`]);
    expect(out.stdout.join('\n')).toContain('globally');
  });

  it('explains a missing token, a bad --guild and a rejected token', async () => {
    const a = io();
    expect(await runServerCommand('discord-register', [], loadConfig({}), a.io)).toBe(2);
    expect(a.out.stderr.join('\n')).toContain('needs DISCORD_TOKEN');
    const b = io();
    expect(await runServerCommand('discord-register', ['--guild', 'my-server'], loadConfig(env()), b.io)).toBe(2);
    expect(b.out.stderr.join('\n')).toContain('--guild must be a server id');
    const c = io();
    expect(await runServerCommand('discord-register', [], loadConfig({ ...env(), DISCORD_TOKEN: 'wrong', DISCORD_APPLICATION_ID: '' }), c.io)).toBe(1);
    expect(c.out.stderr.join('\n')).toContain('Discord rejected DISCORD_TOKEN');
  });
});
