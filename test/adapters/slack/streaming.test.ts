/**
 * Issue 16 in Slack: the summary (and an answer in a thread) shown while the model writes it. The real Bolt app
 * against the fake Slack (which keeps the streaming methods' state) and the fake model streaming at a steady pace:
 * the order of the writes (placeholder → stream or edits → the final blocks once), their pace (no message written
 * more than once a second), the native methods and their ledger record, the automatic fall-back, exactly-once under a
 * job that runs twice, a stream that fails, and SLACK_STREAMING off.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src/core/queue/index.ts';
import { createMemoryClaims } from '../../../src/core/queue/memory-claims.ts';
import { createOpenAiModel } from '../../../src/services/openai-model.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { startFakeOpenAi, type FakeOpenAi, type RecordedRequest } from '../../helpers/fake-openai.ts';
import { waitFor, type FakeSlack, type SlackCall } from '../../helpers/fake-slack.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { realPipeline } from '../../helpers/real-summarizer.ts';
import { redeliveringQueue } from '../../helpers/redelivering-queue.ts';
import { SAMPLE_PDF, TEAM_ID, fileShareEvent, mentionEvent, pdfFile, startSlackHarness, useFakeSlack, type HarnessOptions, type SlackHarness } from '../../helpers/slack-harness.ts';
import { slackSettings } from '../../../src/commands/platforms.ts';
import { loadConfig } from '../../../src/config.ts';

let variant = 0;
/** The sample paper as a paper no cache has seen. */
const freshPdf = () => Buffer.concat([SAMPLE_PDF, Buffer.from(`\n% slack-stream ${++variant}\n`)]);

/** A summary whose first point tries to ping the channel (it must never, streamed or not). */
const reply = (req: RecordedRequest) => goodReply(req).replace('Long-document understanding matters.', 'Long-document understanding matters to <!channel> and @here.');
const isQuestion = (req: RecordedRequest) => req.body.messages[0]?.content.includes('NOT_IN_PAPER') ?? false;
const answer = (req: RecordedRequest) => {
  const m = /\[p\. (\d+)\] ([^\n]+)/.exec(req.body.messages[1]!.content)!;
  return `${m[2]!.slice(0, 120)} [p. ${m[1]}] It is the paper's own method, explained step by step on that page.`;
};

let model: FakeOpenAi;
beforeAll(async () => {
  model = await startFakeOpenAi((req) => ({ reply: isQuestion(req) ? answer(req) : reply(req) }));
});
afterAll(async () => model?.close());
beforeEach(() => {
  // About 25 tokens a second: a 450-character summary takes ~4.5 s.
  model.streaming = { chunkChars: 4, paceMs: 40, usage: true };
  model.fallback = (req) => ({ reply: isQuestion(req) ? answer(req) : reply(req) });
});

const slack = useFakeSlack();
beforeEach(() => {
  slack().streamingMethods = 'on';
  slack().streamExpiryMs = 5 * 60_000;
});

async function harness(streaming: 'native' | 'update' | 'auto' | 'off', more: HarnessOptions = {}): Promise<SlackHarness> {
  return startSlackHarness({ slack: slack(), modelUrl: model.baseURL, modelRetries: 0, settings: { streaming }, ...more });
}

/** Shares a new copy of the paper in `channel` and waits until its job is done. */
async function share(h: SlackHarness, channel: string, queue?: JobQueue) {
  const ev = fileShareEvent(channel, pdfFile(h.slack, `F${channel}`, 'paper.pdf', freshPdf()));
  await h.send(ev);
  await h.settled(ev.event_id);
  await queue?.onIdle();
  return ev.event.ts;
}

const hasBlocks = (c: SlackCall) => Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;
const writesIn = (s: FakeSlack, channel: string) => s.callsIn(channel).filter((c) => c.method.startsWith('chat.') && c.method !== 'chat.getPermalink');
const gaps = (calls: SlackCall[]) => calls.slice(1).map((c, i) => c.at! - calls[i]!.at!);
/** A ping that could notify: `<!channel>`, or `@here` without the zero-width joiner. */
const pings = (text: string) => /<!channel>|@here/.test(text);

describe('Slack streaming: update (edits of the placeholder)', () => {
  it('placeholder → statuses → the text so far, at most once a second, escaped → the final blocks once, all in one message', async () => {
    const h = await harness('update');
    try {
      await share(h, 'C0UPD');
      const writes = writesIn(slack(), 'C0UPD');
      expect(writes[0]!.method).toBe('chat.postMessage');
      expect(writes.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
      expect(writes.some((c) => c.method.includes('Stream'))).toBe(false);
      const updates = writes.filter((c) => c.method === 'chat.update');
      expect(new Set(updates.map((c) => c.params.ts)).size).toBe(1);
      const finals = updates.filter(hasBlocks);
      expect(finals).toHaveLength(1);
      expect(updates.at(-1)).toBe(finals[0]);
      const drafts = updates.filter((c) => !hasBlocks(c) && /Title|Long-document/.test(String(c.params.text)));
      expect(drafts.length).toBeGreaterThanOrEqual(2);
      // The text grows: a later draft shows the points, an earlier one did not yet.
      expect(String(drafts[0]!.params.text)).not.toContain('section-aware');
      expect(drafts.some((d) => String(d.params.text).includes('Long-document understanding'))).toBe(true);
      for (const d of drafts) expect(pings(String(d.params.text))).toBe(false);
      expect(drafts.some((d) => String(d.params.text).includes('&lt;!channel&gt;'))).toBe(true);
      // From the first draft to the final message: never more than once a second (timer slack of a few ms allowed).
      expect(Math.min(...gaps([...drafts, finals[0]!]))).toBeGreaterThanOrEqual(990);
    } finally {
      await h.close();
    }
  });

  it('three papers streaming at once share the workspace budget: each message once a second at most, fewer writes per message', async () => {
    const h = await harness('update');
    try {
      model.streaming = { chunkChars: 4, paceMs: 60, usage: true }; // ~7 s each
      await Promise.all(['C0BUD1', 'C0BUD2', 'C0BUD3'].map((c) => share(h, c)));
      const drafts = slack()
        .calls.filter((c) => c.method === 'chat.update' && !hasBlocks(c) && /Title|Long-document/.test(String(c.params.text)))
        .sort((a, b) => a.at! - b.at!);
      const span = drafts.at(-1)!.at! - drafts[0]!.at!;
      // 45 a minute for drafts with a burst of 3 (the rest of Slack's ~50 is left for statuses and final messages).
      expect(drafts.length).toBeLessThanOrEqual(3 + Math.ceil((span * 45) / 60_000) + 1);
      for (const c of ['C0BUD1', 'C0BUD2', 'C0BUD3']) {
        const mine = drafts.filter((d) => d.params.channel === c);
        expect(mine.length).toBeGreaterThanOrEqual(1);
        if (mine.length > 1) expect(Math.min(...gaps(mine))).toBeGreaterThanOrEqual(990);
        expect(slack().callsIn(c, 'chat.update').filter(hasBlocks)).toHaveLength(1);
      }
    } finally {
      await h.close();
    }
  });
});

describe('Slack streaming: native (chat.startStream / appendStream / stopStream)', () => {
  it('streams a new reply to the asker, removes the placeholder, appends once a second, stops, then the final blocks once in that message', async () => {
    const h = await harness('native');
    try {
      const threadTs = await share(h, 'C0NAT');
      const writes = writesIn(slack(), 'C0NAT');
      const placeholderTs = writes.find((c) => c.method === 'chat.update')!.params.ts;
      const start = writes.filter((c) => c.method === 'chat.startStream');
      expect(start).toHaveLength(1);
      expect(start[0]!.params).toMatchObject({ thread_ts: threadTs, recipient_user_id: 'U0HUMAN', recipient_team_id: TEAM_ID });
      const streamTs = [...slack().streams.entries()].find(([, s]) => s.channel === 'C0NAT')![0];
      const appends = writes.filter((c) => c.method === 'chat.appendStream');
      expect(appends.length).toBeGreaterThanOrEqual(1);
      expect(appends.every((a) => a.params.ts === streamTs)).toBe(true);
      expect(Math.min(...gaps([start[0]!, ...appends]))).toBeGreaterThanOrEqual(990);
      // The placeholder went away once the stream started.
      const del = writes.find((c) => c.method === 'chat.delete')!;
      expect(del.params.ts).toBe(placeholderTs);
      expect(del.at!).toBeGreaterThanOrEqual(start[0]!.at!);
      // Stopped after the last append, then the summary with its buttons replaced the streamed text, once.
      const stop = writes.filter((c) => c.method === 'chat.stopStream');
      expect(stop).toHaveLength(1);
      const finals = writes.filter((c) => c.method === 'chat.update' && hasBlocks(c));
      expect(finals).toHaveLength(1);
      expect(finals[0]!.params.ts).toBe(streamTs);
      const order = writes.map((c) => c.method);
      expect(order.indexOf('chat.stopStream')).toBeGreaterThan(order.lastIndexOf('chat.appendStream'));
      expect(writes.indexOf(finals[0]!)).toBeGreaterThan(writes.indexOf(stop[0]!));
      expect(writes.at(-1)).toBe(finals[0]);
      const streamed = slack().streams.get(streamTs)!;
      expect(streamed.stopped).toBe(true);
      expect(streamed.text).toContain('Long-document understanding');
      expect(pings(streamed.text)).toBe(false);
      expect(writes.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('auto: falls back to edits when Slack has no streaming methods, and remembers it for the workspace', async () => {
    const h = await harness('auto');
    try {
      slack().streamingMethods = 'unknown_method';
      await share(h, 'C0AUTO1');
      const first = writesIn(slack(), 'C0AUTO1');
      expect(first.filter((c) => c.method === 'chat.startStream')).toHaveLength(1);
      const updates = first.filter((c) => c.method === 'chat.update');
      expect(updates.filter((c) => !hasBlocks(c) && String(c.params.text).includes('Long-document')).length).toBeGreaterThanOrEqual(1);
      expect(updates.filter(hasBlocks)).toHaveLength(1);
      expect(new Set(updates.map((c) => c.params.ts)).size).toBe(1);
      await share(h, 'C0AUTO2');
      const second = writesIn(slack(), 'C0AUTO2');
      expect(second.filter((c) => c.method.includes('Stream'))).toEqual([]);
      expect(second.filter((c) => c.method === 'chat.update' && !hasBlocks(c) && String(c.params.text).includes('Title')).length).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
    }
  });

  it('a job that runs twice (handed back mid-stream, run again): one final message, in the streamed message, continued by edits', async () => {
    // The first run is handed back (shutdown) once the stream has started; the second runs to the end.
    const handBack = (run: AbortController) =>
      waitFor('the stream to start', () => slack().callsIn('C0TWICE', 'chat.appendStream').length > 0, 30_000).then(() => run.abort(new Error('shutdown')));
    const { queue, started } = redeliveringQueue([handBack, 'normal']);
    const h = await harness('native', { queue, services: { ...realPipeline({ baseURL: model.baseURL, maxRetries: 0 }), claims: createMemoryClaims() } });
    try {
      await share(h, 'C0TWICE', queue);
      await new Promise((r) => setTimeout(r, 6000)); // the first run's model stream, now unheard, runs out
      const writes = writesIn(slack(), 'C0TWICE');
      expect(started()).toBe(2);
      const start = writes.filter((c) => c.method === 'chat.startStream');
      expect(start).toHaveLength(1);
      const streamTs = [...slack().streams.entries()].find(([, s]) => s.channel === 'C0TWICE')![0];
      const finals = writes.filter((c) => c.method === 'chat.update' && hasBlocks(c));
      expect(finals).toHaveLength(1);
      expect(finals[0]!.params.ts).toBe(streamTs);
      // After the hand-back every write went to the streamed message; nothing was streamed anew.
      const after = writes.slice(writes.findIndex((c) => /Restarting/.test(String(c.params.text))));
      expect(after.length).toBeGreaterThan(0);
      for (const c of after.filter((w) => w.method === 'chat.update')) expect(c.params.ts).toBe(streamTs);
      expect(writes.filter((c) => c.method === 'chat.postMessage').map((c) => String(c.params.text))).toEqual([expect.any(String), expect.stringMatching(/Picked up again/)]);
      expect(writes.at(-1)).toBe(finals[0]);
    } finally {
      await h.close();
    }
  }, 40_000);

  it('a stream that breaks off ends as the plain-words error in the streamed message', async () => {
    const h = await harness('native');
    try {
      model.script({ reply: reply({ path: '', headers: {}, body: { model: 'x', messages: [] } }), stream: { breakAfter: 40 } });
      await share(h, 'C0BROKE');
      const writes = writesIn(slack(), 'C0BROKE');
      const streamTs = [...slack().streams.entries()].find(([, s]) => s.channel === 'C0BROKE')![0];
      expect(writes.filter((c) => c.method === 'chat.stopStream')).toHaveLength(1);
      const last = writes.at(-1)!;
      expect(last).toMatchObject({ method: 'chat.update', params: { ts: streamTs } });
      expect(String(last.params.text)).toMatch(/^:x: /);
      expect(String(last.params.text)).not.toMatch(/at .*\.ts|Error:/);
      expect(writes.filter(hasBlocks)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('a stream Slack no longer knows (idle too long) goes on with edits of the same message', async () => {
    const h = await harness('native');
    try {
      slack().streamExpiryMs = 0; // every append finds the stream expired
      await share(h, 'C0EXPIRE');
      const writes = writesIn(slack(), 'C0EXPIRE');
      const streamTs = [...slack().streams.entries()].find(([, s]) => s.channel === 'C0EXPIRE')![0];
      const failed = writes.filter((c) => c.method === 'chat.appendStream');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed.every((c) => c.ok === false)).toBe(true);
      const edits = writes.filter((c) => c.method === 'chat.update' && c.params.ts === streamTs);
      expect(edits.filter((c) => !hasBlocks(c) && String(c.params.text).includes('Title')).length).toBeGreaterThanOrEqual(1);
      expect(edits.filter(hasBlocks)).toHaveLength(1);
      expect(writes.at(-1)).toBe(edits.at(-1));
    } finally {
      await h.close();
    }
  });
});

describe('Slack streaming: off, and questions in threads', () => {
  it('SLACK streaming off (STREAMING=off): no stream request to the model, no streaming writes', async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', STREAMING: 'off', SLACK_STREAMING: 'native' };
    expect(slackSettings(loadConfig(env)).streaming).toBe('off');
    expect(slackSettings(loadConfig({ ...env, STREAMING: 'on' })).streaming).toBe('native');
    expect(slackSettings(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).streaming).toBe('auto');
    const h = await harness('off');
    try {
      const before = model.requests.length;
      await share(h, 'C0OFF');
      expect(model.requests.slice(before).some((r) => r.body.stream === true)).toBe(false);
      const writes = writesIn(slack(), 'C0OFF');
      expect(writes.some((c) => c.method.includes('Stream'))).toBe(false);
      expect(writes.filter((c) => c.method === 'chat.update' && !hasBlocks(c)).every((c) => /^:/.test(String(c.params.text)))).toBe(true);
      expect(writes.filter(hasBlocks)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  for (const mode of ['native', 'update'] as const) {
    it(`a question's answer streams too (${mode}), then the finished answer replaces it in that message`, async () => {
      const qaModel = createOpenAiModel({ apiKey: 'sk-test', baseURL: model.baseURL, model: 'qa-model', timeoutMs: 10_000, maxRetries: 0 });
      const h = await harness(mode, { qa: { model: qaModel, prompts: loadQaPrompts() } });
      const channel = `C0QA${mode.toUpperCase()}`;
      try {
        const threadTs = await share(h, channel);
        const method = 'the section-aware budgeting method and its chunks';
        const before = writesIn(slack(), channel).length;
        const ev = mentionEvent(channel, `<@U0BOT> what about ${method}?`, { thread_ts: threadTs });
        await h.send(ev);
        expect(await h.settled(ev.event_id)).toEqual(['question']);
        const writes = writesIn(slack(), channel).slice(before);
        const finals = writes.filter((c) => c.method === 'chat.update' && hasBlocks(c));
        expect(finals).toHaveLength(1);
        expect(writes.at(-1)).toBe(finals[0]);
        if (mode === 'native') {
          const start = writes.find((c) => c.method === 'chat.startStream')!;
          expect(start.params).toMatchObject({ thread_ts: threadTs, recipient_user_id: 'U0HUMAN' });
          expect(writes.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
          expect(finals[0]!.params.ts).toBe([...slack().streams.entries()].filter(([, s]) => s.channel === channel).at(-1)![0]);
        } else {
          const post = writes.filter((c) => c.method === 'chat.postMessage');
          expect(post).toHaveLength(1); // the first words, then edits of that reply
          expect(String(post[0]!.params.text)).not.toBe(String(finals[0]!.params.text));
          expect(writes.some((c) => c.method.includes('Stream'))).toBe(false);
        }
      } finally {
        await h.close();
      }
    });
  }
});
