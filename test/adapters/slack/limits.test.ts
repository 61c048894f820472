/**
 * Issue 14 item 3 and finding 5 through the real Bolt app against the fake Slack and a fake model:
 * - USER_QUOTA_PER_HOUR=1: over it, a paper or a thread question is answered in plain words with when the cap resets
 *   (no model call); a cached summary is free; a question the model answers counts.
 * - MAX_WAITING_JOBS=1 with one slot and a slow model: the third paper is answered "busy, try again in N min" at once.
 * - A queue whose Redis accepts connections and never answers: the paper is answered "can't take new papers right now"
 *   within QUEUE_ADD_TIMEOUT_S, and sharing the file again is a retry, not a duplicate.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../../src/core/queue/index.ts';
import { createQuota } from '../../../src/core/quota/index.ts';
import { createBullmqQueue, type BullmqJobQueue } from '../../../src/services/bullmq-queue.ts';
import { createKeyvQuotaCounter } from '../../../src/services/keyv-quota.ts';
import { createOpenAiModel } from '../../../src/services/openai-model.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { waitFor, type SlackCall } from '../../helpers/fake-slack.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { fileShareEvent, mentionEvent, pdfFile, reactions, summaryUpdates, useSlackHarness, type SlackHarness } from '../../helpers/slack-harness.ts';
import { distinctPapers } from '../../hardening/flood-tools.ts';

/** The next full UTC hour as "HH:00", as read now (a test crossing the hour accepts both). */
const nextHours = (): string[] => {
  const at = (t: number) => `${new Date(Math.floor(t / 3600_000) * 3600_000 + 3600_000).toISOString().slice(11, 16)} UTC`;
  return [...new Set([at(Date.now()), at(Date.now() + 30_000)])];
};
const overQuota = (hours: string[]) =>
  new RegExp(`^:x: You have used your 1 summaries/questions for this hour; try again after (${hours.join('|')}) \\(in about \\d+ minutes?\\)\\.$`);

const summaryRequests = (fake: FakeOpenAi) => fake.requests.filter((r) => !r.body.messages[0]!.content.includes('NOT_IN_PAPER'));
const questionRequests = (fake: FakeOpenAi) => fake.requests.filter((r) => r.body.messages[0]!.content.includes('NOT_IN_PAPER'));
/** Every message text the bot put in `channel` (posts and edits). */
const textsIn = (h: SlackHarness, channel: string) =>
  h.slack.callsIn(channel).filter((c: SlackCall) => c.method === 'chat.postMessage' || c.method === 'chat.update').map((c) => String(c.params.text ?? ''));

describe('USER_QUOTA_PER_HOUR=1 in Slack', () => {
  let fake: FakeOpenAi;
  let papers: Uint8Array[];
  const h = useSlackHarness(async () => {
    papers = await distinctPapers(2, (i) => `Quota Paper ${i}: Counting What Each Person Asks For`);
    fake = await startFakeOpenAi((req) => {
      const [system, user] = req.body.messages;
      if (!system?.content.includes('NOT_IN_PAPER')) return { reply: goodReply(req) };
      const m = /\[p\. (\d+)\] ([^\n]+)/.exec(user!.content)!;
      return { reply: `${m[2]!.slice(0, 80)} [p. ${m[1]}]` };
    });
    return {
      modelUrl: fake.baseURL,
      qa: { model: createOpenAiModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'qa-model', timeoutMs: 10_000, maxRetries: 0 }), prompts: loadQaPrompts() },
      quota: createQuota(createKeyvQuotaCounter({ url: 'memory:' }), { userPerHour: 1, workspacePerDay: 0 }),
    };
  });
  afterAll(() => fake?.close());

  const share = async (channel: string, fileId: string, bytes: Uint8Array, user: string) => {
    const ev = fileShareEvent(channel, pdfFile(h().slack, fileId, `${fileId}.pdf`, bytes), { user });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['queued']);
    return ev.event.ts;
  };
  const ask = async (channel: string, threadTs: string, user: string) => {
    const before = h().slack.callsIn(channel, 'chat.postMessage').length;
    const ev = mentionEvent(channel, '<@U0BOT> what does the method section propose for budgeting?', { thread_ts: threadTs, user });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['question']);
    const posts = h().slack.callsIn(channel, 'chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    return String(posts[0]!.params.text);
  };

  it('charges a summary, not a cached copy; over the cap a paper is refused in words with the reset time, without a model call', async () => {
    const thread = await share('C0QUOTA1', 'F0QA1', papers[0]!, 'U0ALICE');
    expect(summaryUpdates(h().slack, 'C0QUOTA1')).toHaveLength(1);
    expect(summaryRequests(fake)).toHaveLength(1);

    // The same paper again: the cached summary, free, answered although the hour's one request is used.
    await share('C0QUOTA2', 'F0QA2', papers[0]!, 'U0ALICE');
    expect(summaryUpdates(h().slack, 'C0QUOTA2')).toHaveLength(1);
    expect(summaryRequests(fake)).toHaveLength(1);

    const hours = nextHours();
    await share('C0QUOTA3', 'F0QA3', papers[1]!, 'U0ALICE');
    expect(summaryUpdates(h().slack, 'C0QUOTA3')).toHaveLength(0);
    expect(textsIn(h(), 'C0QUOTA3').at(-1)).toMatch(overQuota(hours));
    expect(reactions(h().slack.callsIn('C0QUOTA3'))).toContain('x');
    expect(summaryRequests(fake)).toHaveLength(1);

    // A question in the first thread is a model call too: refused in the same words, in the thread.
    expect(await ask('C0QUOTA1', thread, 'U0ALICE')).toMatch(overQuota(hours));
    expect(questionRequests(fake)).toHaveLength(0);
  });

  it('counts a question the model answers: the same person then gets no new summary this hour', async () => {
    const hours = nextHours();
    const thread = await share('C0QUOTA4', 'F0QA4', papers[0]!, 'U0ALICE'); // cached: free, whoever shares it
    const answer = await ask('C0QUOTA4', thread, 'U0BOB');
    expect(answer).toMatch(/\[p\. \d+\]/);
    expect(questionRequests(fake)).toHaveLength(1);
    await share('C0QUOTA5', 'F0QA5', papers[1]!, 'U0BOB');
    expect(textsIn(h(), 'C0QUOTA5').at(-1)).toMatch(overQuota(hours));
    expect(summaryRequests(fake)).toHaveLength(1);
    // Someone else in the workspace still has their hour.
    await share('C0QUOTA6', 'F0QA6', papers[1]!, 'U0CAROL');
    expect(summaryUpdates(h().slack, 'C0QUOTA6')).toHaveLength(1);
    expect(summaryRequests(fake)).toHaveLength(2);
  });
});

describe('MAX_WAITING_JOBS=1 in Slack, one job at a time, a slow model', () => {
  let fake: FakeOpenAi;
  let papers: Uint8Array[];
  let release!: () => void;
  const h = useSlackHarness(async () => {
    papers = await distinctPapers(3, (i) => `Busy Paper ${i}: Waiting In Line Politely`);
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
    const held = new Promise<void>((r) => (release = r));
    fake.gate = () => held;
    return { modelUrl: fake.baseURL, queue: createInProcessQueue({ limits: { concurrency: 1 }, maxWaiting: 1 }) };
  });
  afterAll(() => fake?.close());

  it('answers the third paper "busy, try again in N min" at once, and the first two in turn', async () => {
    const evs = papers.map((bytes, i) => fileShareEvent(`C0BUSY${i}`, pdfFile(h().slack, `F0BUSY${i}`, `busy-${i}.pdf`, bytes)));
    await h().send(evs[0]!);
    await waitFor('the first paper at the model', () => fake.inFlight === 1);
    await h().send(evs[1]!);
    await waitFor('the second paper to be told its place', () => textsIn(h(), 'C0BUSY1').some((t) => t.includes('Queued, position 1')));
    const t0 = Date.now();
    await h().send(evs[2]!);
    const refusal = await waitFor('the third paper to be refused', () => textsIn(h(), 'C0BUSY2').find((t) => t.startsWith(':x:')));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(refusal).toBe(':x: ⏳ I am busy: 1 papers are already waiting. Try again in about 1 minute.');
    expect(reactions(h().slack.callsIn('C0BUSY2'))).toEqual(['x']);
    release();
    for (const ev of evs) await h().settled(ev.event_id);
    expect(summaryUpdates(h().slack, 'C0BUSY0')).toHaveLength(1);
    expect(summaryUpdates(h().slack, 'C0BUSY1')).toHaveLength(1);
    expect(summaryUpdates(h().slack, 'C0BUSY2')).toHaveLength(0);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('a job queue whose Redis accepts connections and never answers', () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  let queue: BullmqJobQueue;
  const h = useSlackHarness(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    queue = createBullmqQueue({ url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`, process: false, concurrency: 1, addTimeoutMs: 1000 });
    return { queue };
  });
  afterAll(async () => {
    await queue?.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('answers the paper in words within QUEUE_ADD_TIMEOUT_S, and sharing it again is a retry', async () => {
    const file = pdfFile(h().slack, 'F0NOREDIS', 'paper.pdf');
    const ev = fileShareEvent('C0NOREDIS', file);
    const t0 = Date.now();
    await h().send(ev);
    const said = await waitFor('the refusal', () => textsIn(h(), 'C0NOREDIS').find((t) => t.startsWith(':x:')), 15_000);
    expect(Date.now() - t0).toBeLessThan(1000 + 3000);
    expect(said).toBe(":x: I can't take new papers right now (my job queue is not answering). Try again in a few minutes.");
    await waitFor('the ❌ reaction', () => reactions(h().slack.callsIn('C0NOREDIS')).includes('x'));
    // (h().settled would wait for the queue to be idle, which asks the Redis that does not answer.)
    // The file's claim was let go: the same file shared again is tried again (and told the same), not skipped.
    const again = fileShareEvent('C0NOREDIS', file);
    await h().send(again);
    await waitFor('the second refusal', () => textsIn(h(), 'C0NOREDIS').filter((t) => t.startsWith(':x:')).length === 2, 15_000);
    expect(h().outcomes.get(again.event_id)).toEqual(['queued']);
  });
});
