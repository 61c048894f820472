/**
 * Issue 16 on the real `paperbot serve` process (environment only, nothing injected): a PDF shared in a Slack channel
 * is summarized by a model that streams, and the thread shows the summary being written — with Slack's streaming
 * methods (SLACK_STREAMING=native) — before the final Block Kit message replaces it, once, in that same message.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack, type SlackCall } from '../helpers/fake-slack.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { startServe, tempDir } from '../helpers/run-cli.ts';
import { SAMPLE_PDF } from '../helpers/slack-harness.ts';

const SECRET = 'serve-stream-secret';
const hasBlocks = (c: SlackCall) => Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;

describe('paperbot serve streams the summary into the Slack thread', () => {
  let slack: FakeSlack;
  let model: FakeOpenAi;
  beforeAll(async () => {
    slack = await startFakeSlack();
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
    model.streaming = { chunkChars: 4, paceMs: 30, usage: true };
  });
  afterAll(async () => {
    await slack?.close();
    await model?.close();
  });

  it('SLACK_STREAMING=native: startStream / appendStream to the asker, then stopStream and the final blocks once', async () => {
    const dir = tempDir('paperbot-stream-serve-');
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-stream-serve',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_STREAMING: 'native',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MODEL: 'fake-model',
      CACHE_URL: `sqlite://${path.join(dir, 'cache.sqlite')}`,
      SUMMARY_LANGUAGE: 'en',
    };
    const bot = await startServe(env, { cwd: dir });
    const { port } = bot;
    try {
      const url = slack.serveFile('FSERVE/paper.pdf', { body: SAMPLE_PDF, contentType: 'application/pdf' });
      const file = { id: 'FSERVE', name: 'paper.pdf', mimetype: 'application/pdf', filetype: 'pdf', size: SAMPLE_PDF.length, url_private_download: url, url_private: url };
      const event = { type: 'message', subtype: 'file_share', channel: 'C0SERVE', channel_type: 'channel', user: 'U0HUMAN', text: '', ts: '1700999000.000200', files: [file] };
      const res = await postSignedEvent(`http://127.0.0.1:${port}/slack/events`, SECRET, {
        token: 'legacy', team_id: 'T000FAKE', api_app_id: 'A000FAKE', type: 'event_callback', event_id: 'EvServeStream', event_time: Math.floor(Date.now() / 1000), event,
      });
      expect(res.status).toBe(200);
      const final = await waitFor('the summary', () => slack.callsIn('C0SERVE', 'chat.update').find(hasBlocks), 60_000);
      const writes = slack.callsIn('C0SERVE').filter((c) => c.method.startsWith('chat.') && c.method !== 'chat.getPermalink');
      const start = writes.find((c) => c.method === 'chat.startStream')!;
      expect(start.params).toMatchObject({ thread_ts: '1700999000.000200', recipient_user_id: 'U0HUMAN', recipient_team_id: 'T000FAKE' });
      const streamTs = [...slack.streams.entries()].find(([, s]) => s.channel === 'C0SERVE')![0];
      // Words were visible before the final message, and the final message is that streamed one, edited once.
      expect(start.at!).toBeLessThan(final.at!);
      expect(slack.streams.get(streamTs)!.text).toMatch(/Title/);
      expect(writes.indexOf(writes.find((c) => c.method === 'chat.stopStream')!)).toBeLessThan(writes.indexOf(final));
      expect(final.params.ts).toBe(streamTs);
      expect(writes.filter(hasBlocks)).toHaveLength(1);
      expect(model.requests.some((r) => r.body.stream === true)).toBe(true);
    } finally {
      await bot.stop();
    }
  }, 90_000);
});
