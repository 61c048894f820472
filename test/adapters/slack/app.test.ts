/**
 * The real Bolt app in HTTP mode on 127.0.0.1, against a local fake of the Slack Web API and file host, with the real
 * pipeline (extractive engine here; the model-output test uses the local OpenAI-compatible fake).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fetcher } from '../../../src/core/ports.ts';
import type { SummaryResult } from '../../../src/core/types.ts';
import { postSignedEvent, postSignedForm, waitFor } from '../../helpers/fake-slack.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import {
  BOT_TOKEN,
  SAMPLE_PDF as PDF,
  SIGNING_SECRET as SECRET,
  buttonClickPayload,
  fileShareEvent,
  finalUpdate,
  mentionEvent,
  pdfFile,
  reactions,
  summaryUpdates,
  useSlackHarness,
} from '../../helpers/slack-harness.ts';

describe('Slack app over HTTP (real Bolt, fake Slack Web API)', () => {
  const h = useSlackHarness();

  it('answers GET /healthz with 200', async () => {
    const res = await fetch(`${h().origin}/healthz`);
    expect(res.status).toBe(200);
  });

  it('answers a dropped PDF in its thread: 👀, placeholder, progress, summary blocks, ✅', async () => {
    const channel = 'C0PDF';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0PDF'));
    await h().send(ev); // throws unless the app answers 200
    expect(await h().settled(ev.event_id)).toEqual(['queued']);

    const calls = h().slack.callsIn(channel);
    expect(reactions(calls)).toEqual(['eyes', 'white_check_mark']);
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe(ev.event.ts);
    const updates = calls.filter((c) => c.method === 'chat.update');
    const texts = updates.map((c) => String(c.params.text));
    expect(texts.some((t) => t.includes('Downloading'))).toBe(true);
    expect(texts.some((t) => /Reading \d+ pages?/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('Summarizing'))).toBe(true);
    const last = updates.at(-1)!;
    const blocks = last.params.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]!.type).toBe('header');
    expect(blocks.filter((b) => b.type === 'section').length).toBeGreaterThanOrEqual(5);
    expect(String(last.params.text)).toMatch(/^1\. Title: /);
    expect(JSON.stringify(blocks)).toContain('extractive');
    // Every Web API call carried the bot token; the file download too (it is on the fake's own host).
    expect(calls.every((c) => c.auth === `Bearer ${BOT_TOKEN}`)).toBe(true);
    expect(h().slack.downloads.filter((d) => d.path.includes('F0PDF'))).toEqual([{ path: '/files/F0PDF/sample-paper.pdf', auth: `Bearer ${BOT_TOKEN}` }]);
  });

  it('gives one summary when Slack retries the same event', async () => {
    const channel = 'C0RETRY';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0RETRY'));
    await h().send(ev);
    await h().send(ev, { retryNum: 1 });
    expect([...(await h().settled(ev.event_id, 2))].sort()).toEqual(['duplicate', 'queued']);
    expect(h().slack.callsIn(channel, 'chat.postMessage')).toHaveLength(1);
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
  });

  it('gives one summary for two events about the same file in the same channel', async () => {
    const channel = 'C0TWICE';
    const file = pdfFile(h().slack, 'F0TWICE');
    const a = fileShareEvent(channel, file);
    const b = fileShareEvent(channel, file);
    await h().send(a);
    await h().send(b);
    expect(await h().settled(a.event_id)).toEqual(['queued']);
    expect(await h().settled(b.event_id)).toEqual(['duplicate']);
    expect(h().slack.callsIn(channel, 'chat.postMessage')).toHaveLength(1);
    expect(summaryUpdates(h().slack, channel)).toHaveLength(1);
  });

  it('answers the same paper shared again elsewhere from the cache, linking the first thread', async () => {
    const channel = 'C0AGAIN';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0AGAIN', 'same-paper-again.pdf'));
    await h().send(ev);
    await h().settled(ev.event_id);
    const final = finalUpdate(h().slack, channel)!;
    const json = JSON.stringify(final.params.blocks);
    expect(json).toContain('summarized before');
    expect(json).toMatch(/<https:\/\/fake\.slack\.com\/archives\/C0PDF\/p\d+\|first thread>/);
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
  });

  it('puts Regenerate and language buttons under a summary; they answer in the same thread', async () => {
    const channel = 'C0BTN';
    const file = pdfFile(h().slack, 'F0BTN');
    h().slack.fileInfo.set('F0BTN', file);
    const ev = fileShareEvent(channel, file);
    await h().send(ev);
    await h().settled(ev.event_id);
    const summary = finalUpdate(h().slack, channel)!;
    const actions = (summary.params.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['paperbot_regenerate', 'paperbot_language', 'paperbot_feedback_up', 'paperbot_feedback_down']);
    const click = async (button: { action_id: string; value: string }) => {
      const payload = buttonClickPayload({ channel, summaryTs: String(summary.params.ts), threadTs: ev.event.ts, responseUrl: `${h().slack.origin}/respond/2`, button });
      const res = await postSignedForm(h().eventsUrl, SECRET, { payload: JSON.stringify(payload) });
      expect(res.status).toBe(200);
    };

    await click(actions.elements![0]!);
    await waitFor('regenerated summary', () => reactions(h().slack.callsIn(channel)).length >= 4);
    await h().bot.idle();
    let posts = h().slack.callsIn(channel, 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.params.thread_ts).toBe(ev.event.ts);
    expect(h().slack.calls.some((c) => c.method === 'files.info' && c.params.file === 'F0BTN')).toBe(true);
    const regenerated = summaryUpdates(h().slack, channel).at(-1)!;
    expect(regenerated.params.ts).not.toBe(summary.params.ts);
    expect(JSON.stringify(regenerated.params.blocks)).not.toContain('summarized before');

    await click(actions.elements![1]!);
    await waitFor('summary in the other language', () => reactions(h().slack.callsIn(channel)).length >= 6);
    await h().bot.idle();
    posts = h().slack.callsIn(channel, 'chat.postMessage');
    expect(posts).toHaveLength(3);
    const other = summaryUpdates(h().slack, channel).at(-1)!;
    expect(String(other.params.text)).toMatch(/^1\. 标题: /);
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark', 'eyes', 'white_check_mark', 'eyes', 'white_check_mark']);

    // 👍 is stored with the summaries of this PDF in the cache, and thanked privately.
    await click(actions.elements![2]!);
    const thanked = await waitFor('the ephemeral thanks', () => h().slack.calls.find((c) => c.method.includes('respond/2')));
    expect(thanked.params.response_type).toBe('ephemeral');
    const sha = createHash('sha256').update(PDF).digest('hex');
    const stored = await h().cache!.get<{ votes: Record<string, { vote: string }>; regenerated?: string[] }>(`feedback:${sha}:en`);
    expect(stored?.votes.U0HUMAN?.vote).toBe('up');
    // The Regenerate above counts once (the language button is no regeneration).
    expect(stored?.regenerated).toHaveLength(1);
  });

  it('retries a Web API call that Slack rate-limits (429 with Retry-After)', async () => {
    const channel = 'C0RATE';
    h().slack.rateLimitNext('chat.postMessage', 1);
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0RATE'));
    await h().send(ev);
    await h().settled(ev.event_id);
    const posts = h().slack.callsIn(channel, 'chat.postMessage');
    expect(posts).toHaveLength(2); // the 429, then the retry
    expect(posts[0]!.params.thread_ts).toBe(posts[1]!.params.thread_ts);
    expect(finalUpdate(h().slack, channel)).toBeDefined();
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
  });

  it('ignores a PNG silently', async () => {
    const channel = 'C0PNG';
    const url = h().slack.serveFile('F0PNG/figure.png', { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' });
    const ev = fileShareEvent(channel, { id: 'F0PNG', name: 'figure.png', mimetype: 'image/png', filetype: 'png', size: 4, url_private_download: url });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['ignored']);
    expect(h().slack.callsIn(channel)).toEqual([]);
    expect(h().slack.downloads.filter((d) => d.path.includes('F0PNG'))).toEqual([]);
  });

  it('explains a sign-in page (missing files:read) in plain words and reacts ❌', async () => {
    const channel = 'C0HTML';
    const html = '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to your workspace</body></html>';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0HTML', 'paper.pdf', html, 'text/html; charset=utf-8'));
    await h().send(ev);
    await h().settled(ev.event_id);
    const calls = h().slack.callsIn(channel);
    expect(reactions(calls)).toEqual(['eyes', 'x']);
    const last = calls.filter((c) => c.method === 'chat.update').at(-1)!;
    expect(String(last.params.text)).toContain('files:read');
    expect(String(last.params.text)).not.toMatch(/\bat .*\.ts:\d+|Error:|PaperError/);
  });

  it('refuses a bad signature with 401 and posts nothing', async () => {
    const channel = 'C0BADSIG';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0BADSIG'));
    const res = await postSignedEvent(h().eventsUrl, SECRET, ev, { badSignature: true });
    expect(res.status).toBe(401);
    // Nothing was accepted, so nothing can be in flight: a later good event is answered and this one never is.
    const marker = fileShareEvent('C0AFTERBADSIG', pdfFile(h().slack, 'F0AFTER'));
    await h().send(marker);
    await h().settled(marker.event_id);
    expect(h().outcomes.has(ev.event_id)).toBe(false);
    expect(h().slack.callsIn(channel)).toEqual([]);
    expect(h().slack.downloads.filter((d) => d.path.includes('F0BADSIG'))).toEqual([]);
  });

  it('never sends the bot token to a host that is not Slack', async () => {
    const seen: Array<{ url: string | undefined; auth: string | undefined }> = [];
    const other = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(PDF);
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const port = (other.address() as AddressInfo).port;
      const channel = 'C0LEAK';
      const url = `http://127.0.0.1:${port}/files/F0LEAK/paper.pdf`;
      const ev = fileShareEvent(channel, { id: 'F0LEAK', name: 'paper.pdf', mimetype: 'application/pdf', size: PDF.length, url_private_download: url, url_private: url });
      await h().send(ev);
      await h().settled(ev.event_id);
      expect(seen).toEqual([]);
      const calls = h().slack.callsIn(channel);
      expect(reactions(calls)).toEqual(['eyes', 'x']);
      expect(String(calls.filter((c) => c.method === 'chat.update').at(-1)!.params.text)).toMatch(/not allowed.*Slack's file host/);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('refuses a file over MAX_PDF_MB from its announced size, before downloading', async () => {
    const channel = 'C0BIG';
    const file = { ...pdfFile(h().slack, 'F0BIG'), size: 26 * 1024 * 1024 };
    const ev = fileShareEvent(channel, file);
    await h().send(ev);
    await h().settled(ev.event_id);
    expect(h().slack.downloads.filter((d) => d.path.includes('F0BIG'))).toEqual([]);
    expect(String(h().slack.callsIn(channel, 'chat.update').at(-1)!.params.text)).toContain('too large');
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'x']);
  });

  it('answers a Slack Connect stub through files.info', async () => {
    const channel = 'C0STUB';
    const full = pdfFile(h().slack, 'F0STUB');
    h().slack.fileInfo.set('F0STUB', full);
    const ev = fileShareEvent(channel, { id: 'F0STUB', mode: 'file_access', file_access: 'check_file_info' });
    await h().send(ev);
    await h().settled(ev.event_id);
    expect(h().slack.calls.some((c) => c.method === 'files.info' && c.params.file === 'F0STUB')).toBe(true);
    expect(finalUpdate(h().slack, channel)).toBeDefined();
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
  });

  it('replies to a mention without anything to summarize with a usage hint in the thread', async () => {
    const ev = mentionEvent('C0MENTION', '<@U0BOT> hello there', { ts: '1700000999.000100', thread_ts: '1700000900.000100' });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['usage']);
    const posts = h().slack.callsIn('C0MENTION', 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe('1700000900.000100');
    expect(String(posts[0]!.params.text)).toMatch(/arXiv/);
  });
});

describe('Slack app with a language model whose output tries to ping everyone', () => {
  let openAi: FakeOpenAi | undefined;
  const h = useSlackHarness(async () => {
    openAi = await startFakeOpenAi((req) => ({
      reply: goodReply(req, { language: 'en' })
        .replace('Long-document understanding matters.', 'Hey <!channel> and <!here> and <!everyone>, <@U123ABC> look: @channel @here @everyone & <b>bold</b>.')
        .replace('section-aware budgeting', 'section-aware budgeting <!subteam^S123|@team>'),
    }));
    return { modelUrl: openAi.baseURL };
  });
  afterAll(() => openAi?.close());

  it('escapes every mention in what it posts', async () => {
    const channel = 'C0PING';
    const ev = fileShareEvent(channel, pdfFile(h().slack, 'F0PING'));
    await h().send(ev);
    await h().settled(ev.event_id);
    const final = finalUpdate(h().slack, channel);
    expect(final).toBeDefined();
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
    const posted = JSON.stringify(h().slack.callsIn(channel).map((c) => c.params));
    expect(posted).toContain('test-model');
    expect(posted).toContain('&lt;!channel&gt;');
    for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<!subteam', '@channel', '@here', '@everyone']) {
      expect(posted).not.toContain(ping);
    }
  });
});

describe('Slack app: mentions with links, and a summary too long for one message', () => {
  let openAi: FakeOpenAi | undefined;
  const fetched: string[] = [];
  // The core already keeps each point short; a result that is still too long (many long points, long lists) is
  // made here by inflating the real pipeline's result, to exercise the adapter's own limits and the attachment.
  const long = (what: string) => Array.from({ length: 160 }, (_, i) => `Sentence ${i} on the ${what} of this study, with detail number ${i * 7}.`).join(' ');
  const inflate = (r: SummaryResult): SummaryResult => ({
    ...r,
    keywords: Array.from({ length: 200 }, (_, i) => `keyword-${i}`),
    summary: { background: long('background'), priorWork: long('prior work'), method: r.summary.method, results: long('results') },
  });
  const fetcher: Fetcher = {
    async fetchBytes(url) {
      fetched.push(url);
      return { bytes: PDF, finalUrl: url, contentType: 'application/pdf' };
    },
  };
  const h = useSlackHarness(async () => {
    openAi = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }) }));
    return { modelUrl: openAi.baseURL, fetcher, wrap: (s) => ({ summarize: async (req, onProgress) => inflate(await s.summarize(req, onProgress)) }) };
  });
  afterAll(() => openAi?.close());

  it('summarizes the link in a mention, shortens to fit and attaches summary.md in the thread', async () => {
    const channel = 'C0LINK';
    const ev = mentionEvent(channel, '<@U0BOT> <https://example.org/papers/budget.pdf> en', { ts: '1700001000.000100' });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['queued']);
    expect(fetched).toEqual(['https://example.org/papers/budget.pdf']);
    const calls = h().slack.callsIn(channel);
    expect(reactions(calls)).toEqual(['eyes', 'white_check_mark']);
    const final = finalUpdate(h().slack, channel)!;
    const blocksJson = JSON.stringify(final.params.blocks);
    expect(blocksJson.length).toBeLessThan(20_000);
    expect(blocksJson).toContain('…');
    expect(blocksJson).toContain('shortened to fit Slack');
    for (const b of final.params.blocks as Array<{ type: string; text?: { text: string } }>) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    const complete = h().slack.calls.find((c) => c.method === 'files.completeUploadExternal');
    expect(complete?.params.channel_id).toBe(channel);
    expect(complete?.params.thread_ts).toBe(ev.event.ts);
    expect(h().slack.calls.some((c) => c.method === 'upload' && Number(c.params.bytes) > 20_000)).toBe(true);
  });

  it('answers /summarize with a message in the channel and the summary in its thread', async () => {
    const channel = 'C0CMD';
    const form = (text: string) => ({
      token: 'legacy',
      team_id: 'T000FAKE',
      channel_id: channel,
      user_id: 'U0HUMAN',
      command: '/summarize',
      text,
      response_url: `${h().slack.origin}/respond/1`,
      trigger_id: '123.456',
      api_app_id: 'A000FAKE',
    });
    const usage = await postSignedForm(h().eventsUrl, SECRET, form(''));
    expect(usage.status).toBe(200);
    expect(usage.body).toContain('Usage');
    expect(h().slack.callsIn(channel)).toEqual([]);

    const res = await postSignedForm(h().eventsUrl, SECRET, form('https://example.org/papers/command.pdf zh'));
    expect(res.status).toBe(200);
    const top = await waitFor('the channel message', () => h().slack.callsIn(channel, 'chat.postMessage')[0]);
    expect(top.params.thread_ts).toBeUndefined();
    await waitFor('the final summary', () => reactions(h().slack.callsIn(channel)).length >= 2);
    await h().bot.idle();
    const calls = h().slack.callsIn(channel);
    expect(reactions(calls)).toEqual(['eyes', 'white_check_mark']);
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.params.thread_ts).toBeDefined();
    expect(fetched).toContain('https://example.org/papers/command.pdf');
    expect(JSON.stringify(finalUpdate(h().slack, channel)!.params.blocks)).toContain('作者');
  });

  it('answers the "Summarize paper" message shortcut in the message\'s thread', async () => {
    const channel = 'C0SHORT';
    const shortcut = (text: string, ts: string) => ({
      type: 'message_action',
      callback_id: 'summarize_paper',
      token: 'legacy',
      action_ts: '1700004000.1',
      trigger_id: '9.9.9',
      response_url: `${h().slack.origin}/respond/shortcut-${ts}`,
      team: { id: 'T000FAKE', domain: 'fake' },
      channel: { id: channel, name: 'papers' },
      user: { id: 'U0HUMAN', name: 'human' },
      message_ts: ts,
      message: { type: 'message', ts, user: 'U0OTHER', text },
    });
    const nothing = await postSignedForm(h().eventsUrl, SECRET, { payload: JSON.stringify(shortcut('just chatting', '1700004000.000100')) });
    expect(nothing.status).toBe(200);
    const hint = await waitFor('the ephemeral hint', () => h().slack.calls.find((c) => c.method.includes('respond/shortcut-1700004000.000100')));
    expect(String(hint.params.text)).toContain('no PDF');

    const res = await postSignedForm(h().eventsUrl, SECRET, { payload: JSON.stringify(shortcut('look <https://example.org/papers/shortcut.pdf>', '1700004001.000100')) });
    expect(res.status).toBe(200);
    await waitFor('the summary', () => reactions(h().slack.callsIn(channel)).length >= 2);
    await h().bot.idle();
    expect(fetched).toContain('https://example.org/papers/shortcut.pdf');
    const posts = h().slack.callsIn(channel, 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.thread_ts).toBe('1700004001.000100');
    expect(reactions(h().slack.callsIn(channel))).toEqual(['eyes', 'white_check_mark']);
    expect(finalUpdate(h().slack, channel)).toBeDefined();
  });
});
