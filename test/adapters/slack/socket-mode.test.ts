/** The real Bolt app in Socket Mode against a local WebSocket fake and the fake Slack Web API. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type EventOutcome, type SlackApp } from '../../../src/adapters/slack/app.ts';
import { createStderrLogger } from '../../../src/adapters/slack/logger.ts';
import { createGuardedFetcher } from '../../../src/services/guarded-fetch.ts';
import { freePort } from '../../helpers/free-port.ts';
import { startFakeSlack, waitFor, type FakeSlack } from '../../helpers/fake-slack.ts';
import { startFakeSocketMode, type FakeSocketMode } from '../../helpers/fake-socket-mode.ts';
import { realPipeline, type TestPipeline } from '../../helpers/real-summarizer.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

describe('Slack app over Socket Mode', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let pipeline: TestPipeline;
  let bot: SlackApp;
  let port: number;
  const outcomes = new Map<string, EventOutcome[]>();

  beforeAll(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode();
    slack.socketUrl = socket.url;
    pipeline = realPipeline();
    port = await freePort();
    bot = createSlackApp({
      config: {
        SLACK_BOT_TOKEN: 'xoxb-socket-test',
        SLACK_SIGNING_SECRET: undefined,
        SLACK_APP_TOKEN: 'xapp-socket-test',
        SLACK_API_URL: slack.apiUrl,
        PORT: port,
        SUMMARY_LANGUAGE: 'zh',
        OPENAI_API_KEY: undefined,
        DOWNLOAD_TIMEOUT_S: 10,
        LOG_LEVEL: 'silent',
      },
      summarizer: pipeline.summarizer,
      fetcher: createGuardedFetcher({ maxBytes: 25 * 1024 * 1024, timeoutMs: 10_000 }),
      maxPdfBytes: 25 * 1024 * 1024,
      logger: createStderrLogger('silent'),
      onEvent: (id, o) => outcomes.set(id ?? '?', [...(outcomes.get(id ?? '?') ?? []), o]),
    });
    expect(bot.mode).toBe('socket');
    await bot.start();
    await socket.connected;
  });
  afterAll(async () => {
    await bot?.stop();
    await pipeline?.close();
    await socket?.close();
    await slack?.close();
  });

  it('connects with the app token through SLACK_API_URL and serves /healthz on PORT', async () => {
    const open = slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.auth).toBe('Bearer xapp-socket-test');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('acks the envelope, answers a dropped PDF in its thread once, and ignores the redelivery', async () => {
    const url = slack.serveFile('F0SOCK/paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const payload = {
      type: 'event_callback',
      team_id: 'T000FAKE',
      api_app_id: 'A000FAKE',
      event_id: 'EvSocket1',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        subtype: 'file_share',
        channel: 'D0SOCK',
        channel_type: 'im',
        user: 'U0HUMAN',
        text: '',
        ts: '1700002000.000100',
        files: [{ id: 'F0SOCK', name: 'paper.pdf', mimetype: 'application/pdf', size: PDF.length, url_private_download: url }],
      },
    };
    const first = socket.sendEvent(payload);
    await waitFor('first outcome', () => outcomes.get('EvSocket1'));
    const again = socket.sendEvent(payload, 1);
    await waitFor('both outcomes', () => (outcomes.get('EvSocket1')?.length ?? 0) >= 2);
    await bot.idle();
    await waitFor('acks', () => socket.acks.includes(first) && socket.acks.includes(again));
    expect(outcomes.get('EvSocket1')).toEqual(['queued', 'duplicate']);
    const calls = slack.callsIn('D0SOCK');
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'chat.postMessage')[0]!.params.thread_ts).toBe('1700002000.000100');
    expect(calls.filter((c) => c.method === 'reactions.add').map((c) => c.params.name)).toEqual(['eyes', 'white_check_mark']);
    const final = calls.filter((c) => c.method === 'chat.update').at(-1)!;
    expect(String(final.params.text)).toMatch(/^1\. 标题: /);
  });
});
