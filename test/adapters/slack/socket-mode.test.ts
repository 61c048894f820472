/** The real Bolt app in Socket Mode against a local WebSocket fake and the fake Slack Web API. */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/fake-slack.ts';
import { APP_TOKEN, SAMPLE_PDF as PDF, fileShareEvent, reactions, useSlackHarness } from '../../helpers/slack-harness.ts';

describe('Slack app over Socket Mode', () => {
  const h = useSlackHarness({ mode: 'socket', language: 'zh' });

  it('connects with the app token through SLACK_API_URL and serves /healthz on PORT', async () => {
    expect(h().bot.mode).toBe('socket');
    const open = h().slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.auth).toBe(`Bearer ${APP_TOKEN}`);
    expect((await fetch(`${h().origin}/healthz`)).status).toBe(200);
  });

  it('acks the envelope, answers a dropped PDF in its thread once, and ignores the redelivery', async () => {
    const { slack, socket } = h();
    const url = slack.serveFile('F0SOCK/paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const file = { id: 'F0SOCK', name: 'paper.pdf', mimetype: 'application/pdf', size: PDF.length, url_private_download: url };
    const payload = fileShareEvent('D0SOCK', file, { channel_type: 'im', ts: '1700002000.000100' });
    const first = socket!.sendEvent(payload);
    await waitFor('first outcome', () => h().outcomes.get(payload.event_id));
    const again = socket!.sendEvent(payload, 1);
    expect(await h().settled(payload.event_id, 2)).toEqual(['queued', 'duplicate']);
    await waitFor('acks', () => socket!.acks.includes(first) && socket!.acks.includes(again));
    const calls = slack.callsIn('D0SOCK');
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'chat.postMessage')[0]!.params.thread_ts).toBe('1700002000.000100');
    expect(reactions(calls)).toEqual(['eyes', 'white_check_mark']);
    const final = calls.filter((c) => c.method === 'chat.update').at(-1)!;
    expect(String(final.params.text)).toMatch(/^1\. 标题: /);
  });
});
