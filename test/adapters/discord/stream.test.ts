/**
 * Issue 16 on Discord, with the real discord.js Client against the fake Discord and the fake model streaming its
 * answer: the deferred reply shows the summary as it is written (statuses → drafts → the final embeds once), at most
 * 5 edits in any 5 s, a 429 on an edit is waited out without losing the final message, a retried job continues in
 * the same message alone, a stream that keeps breaking ends as the plain-words error, and STREAMING=off streams nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type RestCall } from '../../helpers/fake-discord.ts';
import { acceptedEdits, bodyOf, mostInWindow, startDiscordHarness, type DiscordHarness, type HarnessOptions } from '../../helpers/discord-harness.ts';
import { attachment, slashCommand } from '../../helpers/discord-interactions.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { redeliveringQueue } from '../../helpers/redelivering-queue.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

const content = (c: RestCall) => String(bodyOf(c).content ?? '');
const hasEmbeds = (c: RestCall) => ((bodyOf(c).embeds as unknown[] | undefined) ?? []).length > 0;
const isDraft = (c: RestCall) => !hasEmbeds(c) && content(c).startsWith('1. Title:');
const isFinal = (c: RestCall) => hasEmbeds(c);

let model: FakeOpenAi;
let h: DiscordHarness | undefined;
beforeAll(async () => {
  model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
});
afterAll(() => model.close());
afterEach(async () => {
  await h?.close();
  h = undefined;
  model.fallback = (req) => ({ reply: goodReply(req) });
  model.streaming = { chunkChars: 8, paceMs: 0, usage: true };
  model.requests.length = 0;
});

async function summarize(opts: HarnessOptions, until: (edits: RestCall[]) => boolean = (e) => e.some(isFinal)) {
  h = await startDiscordHarness({ openAi: model, ...opts });
  const url = h.fake.serveCdn('attachments/16/16/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
  const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
  h.fake.dispatch('INTERACTION_CREATE', ia);
  const harness = h;
  await waitFor('the last message', () => until(acceptedEdits(harness.fake, ia.token)), 40_000);
  await h.bot.idle();
  return { ia, edits: acceptedEdits(h.fake, ia.token), all: h.fake.callsFor(ia.token) };
}

describe('Discord: the summary streams into the deferred reply', () => {
  it('edits statuses, then the summary as written, then the embeds once; never more than 5 edits in 5 s', async () => {
    // About 7.5 s of writing (3 characters every 45 ms): the 5-edits-in-5-s budget is shared with the status edits,
    // which on a loaded machine can take most of the first window.
    model.streaming = { chunkChars: 3, paceMs: 45, usage: true };
    const { edits, all } = await summarize({});
    expect(model.requests[0]!.body.stream).toBe(true);

    const kinds = edits.map((c) => (isFinal(c) ? 'final' : isDraft(c) ? 'draft' : 'status'));
    const firstDraft = kinds.indexOf('draft');
    expect(firstDraft).toBeGreaterThan(0);
    expect(kinds.slice(0, firstDraft).every((k) => k === 'status')).toBe(true);
    expect(kinds.slice(0, firstDraft).map((k, i) => content(edits[i]!)).join('\n')).toMatch(/Summarizing with test-model/);
    expect(kinds.filter((k) => k === 'draft').length).toBeGreaterThanOrEqual(3);
    // The final message once, and last.
    expect(kinds.filter((k) => k === 'final')).toEqual(['final']);
    expect(kinds.at(-1)).toBe('final');
    expect(kinds.slice(firstDraft, -1).every((k) => k === 'draft')).toBe(true);

    // The drafts grow towards the summary: the title first, the last draft already far into the points.
    const drafts = edits.filter(isDraft).map(content);
    expect(drafts[0]!.length).toBeLessThan(drafts.at(-1)!.length);
    expect(drafts.at(-1)).toMatch(/\(\d\):/);
    for (const c of edits.filter(isDraft)) {
      expect(content(c).length).toBeLessThanOrEqual(2000);
      expect(bodyOf(c).allowed_mentions).toEqual({ parse: [] });
    }
    // Discord's budget per message.
    expect(mostInWindow(all.filter((c) => c.method === 'PATCH'), 5000)).toBeLessThanOrEqual(5);
    expect(mostInWindow(edits, 5000)).toBeLessThanOrEqual(5);
    expect(JSON.stringify(bodyOf(edits.at(-1)!).embeds)).toContain('section-aware budgeting');
  });

  it('waits out a 429 on a draft edit and still ends with the embeds once, within the budget', async () => {
    model.streaming = { chunkChars: 3, paceMs: 30, usage: true };
    h = await startDiscordHarness({ openAi: model });
    // The second draft edit is answered 429 with Retry-After 1 s.
    let drafts = 0;
    h.fake.fail('PATCH', /^\/webhooks\//, 1, { status: 429, retryAfter: 1 }, (c) => isDraft(c) && ++drafts === 2);
    const url = h.fake.serveCdn('attachments/16/17/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
    h.fake.dispatch('INTERACTION_CREATE', ia);
    const fake = h.fake;
    await waitFor('the embeds', () => acceptedEdits(fake, ia.token).some(isFinal), 40_000);
    await h.bot.idle();

    const all = fake.callsFor(ia.token).filter((c) => c.method === 'PATCH');
    const limited = all.find((c) => c.status === 429)!;
    expect(limited).toBeDefined();
    // The same edit again, no sooner than Retry-After, and the next edit only after it.
    const after = all.slice(all.indexOf(limited) + 1);
    expect(content(after[0]!)).toBe(content(limited));
    expect(after[0]!.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(after[0]!.status).toBe(200);

    const edits = acceptedEdits(fake, ia.token);
    expect(edits.filter(isFinal)).toHaveLength(1);
    expect(isFinal(edits.at(-1)!)).toBe(true);
    expect(mostInWindow(all, 5000)).toBeLessThanOrEqual(5);
  });

  it('continues a job handed back mid-stream in the same message; the run given up on writes nothing more', async () => {
    // The first run is handed back (a shutdown) once its drafts show; its summary goes on being written in the
    // background, slowly. The run that takes over writes quickly. Without closing the first run's lane, its drafts
    // would land over the final message.
    let n = 0;
    model.fallback = (req) => ({ reply: goodReply(req), stream: { chunkChars: 3, paceMs: n++ === 0 ? 90 : 30 } });
    // The first run is handed back when the test says (as on a shutdown), then run again (taken over) and once more
    // (already answered).
    let handBack = () => {};
    const takeover = redeliveringQueue([(run) => void (handBack = () => run.abort(new Error('shutdown'))), 'normal', 'normal']);
    const { ia } = await summarize({ queue: () => takeover.queue }, (edits) => {
      if (edits.some(isDraft)) handBack();
      return edits.some(isFinal);
    });
    await takeover.queue.onIdle();
    // Both model requests are over (the background one too), and a draft gap more has passed.
    await waitFor('the model to finish', () => model.inFlight === 0 && model.requests.length === 2, 30_000);
    await new Promise((r) => setTimeout(r, 1500));

    const edits = acceptedEdits(h!.fake, ia.token);
    const trace = edits.map((c) => `${c.at} ${content(c).slice(0, 40)}${isFinal(c) ? ' [embeds]' : ''}`).join('\n');
    expect(edits.filter(isFinal), trace).toHaveLength(1);
    expect(isFinal(edits.at(-1)!), trace).toBe(true);
    const texts = edits.map(content);
    const handedBack = texts.findIndex((t) => /Restarting/.test(t));
    const resumed = texts.findIndex((t) => /Picked up again/.test(t));
    // Drafts of the first run, its hand-back, the second run's note, then its own drafts: all in the one reply.
    expect(edits.slice(0, handedBack).some(isDraft), trace).toBe(true);
    expect(resumed, trace).toBeGreaterThan(handedBack);
    expect(edits.slice(resumed).some(isDraft), trace).toBe(true);
    // Both runs write to one message: they share its budget.
    expect(mostInWindow(h!.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH'), 5000), trace).toBeLessThanOrEqual(5);
    expect(h!.fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/'))).toEqual([]);
  });

  it('ends a stream that keeps breaking off as the plain-words error in the same message', async () => {
    model.fallback = (req) => ({ reply: goodReply(req), stream: { chunkChars: 8, paceMs: 25, breakAfter: 24 } });
    const { edits } = await summarize({ pipelineEnv: { LLM_MAX_RETRIES: '1' } }, (e) => e.some((c) => content(c).startsWith('❌')));
    expect(edits.some(isDraft)).toBe(true);
    expect(edits.some(isFinal)).toBe(false);
    const last = edits.at(-1)!;
    expect(content(last)).toMatch(/^❌ /);
    expect(bodyOf(last).embeds).toEqual([]);
    expect(edits.filter((c) => content(c).startsWith('❌'))).toHaveLength(1);
    // It was streamed again before giving up (what was shown starts over; the latest text wins the next edit).
    expect(model.requests.length).toBeGreaterThanOrEqual(2);
    expect(model.requests.every((r) => r.body.stream === true)).toBe(true);
  });

  it('STREAMING=off: statuses, then the embeds, no draft and no stream request', async () => {
    model.streaming = { chunkChars: 3, paceMs: 30, usage: true };
    const { edits } = await summarize({ pipelineEnv: { STREAMING: 'off' } });
    expect(model.requests[0]!.body.stream).toBeUndefined();
    expect(edits.some(isDraft)).toBe(false);
    expect(edits.filter(isFinal)).toHaveLength(1);
    expect(isFinal(edits.at(-1)!)).toBe(true);
  });
});
