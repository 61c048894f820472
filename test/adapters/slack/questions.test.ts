/**
 * Questions in a summary's thread: mention the bot with a question and the answer comes from the paper, with pages
 * that really hold what is quoted; a question the paper cannot answer gets the honest answer. Real Bolt app against the
 * fake Slack; the paper's text is the one the summarizer kept in the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelHistory } from '../../../src/core/history/channel-history.ts';
import { weekOf } from '../../../src/core/history/digest.ts';
import { createDigestScheduler } from '../../../src/core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from '../../../src/core/history/digest-subscriptions.ts';
import { createMemoryClaims } from '../../../src/core/queue/memory-claims.ts';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import type { PaperStructure } from '../../../src/core/types.ts';
import { createOpenAiModel } from '../../../src/services/openai-model.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { hashedBagOfWords, startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { createChunkVectors } from '../../../src/core/qa/chunk-vectors.ts';
import { createOpenAiEmbedder } from '../../../src/services/openai-embedder.ts';
import { createKeyvCache } from '../../../src/services/keyv-cache.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { postSignedForm } from '../../helpers/fake-slack.ts';
import { SAMPLE_PDF, SIGNING_SECRET, TEAM_ID, fileShareEvent, mentionEvent, pdfFile, useSlackHarness, type SlackHarness } from '../../helpers/slack-harness.ts';
import type { SlackCall } from '../../helpers/fake-slack.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
let structure: PaperStructure;
beforeAll(async () => {
  const ex = createPdfExtractor({ poolSize: 1 });
  structure = analyzePaper(await ex.extract(SAMPLE_PDF, { maxPages: 50 }));
  await ex.close?.();
});

/** A question made from the method section's longer words: nothing about the paper is hard-coded. */
function methodQuestion(): string {
  const method = structure.sections.find((s) => /method/i.test(s.heading))!;
  return `what about ${method.text.split(/\s+/).filter((w) => w.length > 6).slice(0, 4).join(' ')}?`;
}

async function summarizeIn(h: SlackHarness, channel: string, fileId: string): Promise<string> {
  const ev = fileShareEvent(channel, pdfFile(h.slack, fileId));
  await h.send(ev);
  expect(await h.settled(ev.event_id)).toEqual(['queued']);
  return ev.event.ts;
}

async function ask(h: SlackHarness, channel: string, threadTs: string, text: string): Promise<SlackCall> {
  const before = h.slack.callsIn(channel, 'chat.postMessage').length;
  const ev = mentionEvent(channel, `<@U0BOT> ${text}`, { thread_ts: threadTs });
  await h.send(ev);
  expect(await h.settled(ev.event_id)).toEqual(['question']);
  const posts = h.slack.callsIn(channel, 'chat.postMessage').slice(before);
  expect(posts).toHaveLength(1);
  expect(posts[0]!.params.thread_ts).toBe(threadTs);
  return posts[0]!;
}

/** Every `[p. N] passage` quoted in the answer stands on page N. */
function expectQuotesOnTheirPages(blocks: unknown): number {
  const text = JSON.stringify(blocks);
  const quotes = [...text.matchAll(/\*\[p\. (\d+)\]\* ([^"\\]{30,})/g)];
  for (const [, page, quote] of quotes) {
    const pageText = squash(structure.pages.find((p) => p.num === Number(page))!.text);
    expect(pageText).toContain(squash(quote!.replace(/…$/, '')).slice(0, 50));
  }
  return quotes.length;
}

describe('questions in a summary thread, no model (passages)', () => {
  const h = useSlackHarness({ qa: { model: null, prompts: loadQaPrompts() } });

  it('quotes the passages that answer it, each with the page it stands on', async () => {
    const ts = await summarizeIn(h(), 'C0QA', 'F0QA');
    const post = await ask(h(), 'C0QA', ts, methodQuestion());
    expect(expectQuotesOnTheirPages(post.params.blocks)).toBeGreaterThan(0);
  });

  it('says plainly when the paper does not answer', async () => {
    const ts = await summarizeIn(h(), 'C0QANO', 'F0QANO');
    const post = await ask(h(), 'C0QANO', ts, 'How many giraffes did the zookeepers feed on Tuesday afternoon?');
    expect(String(post.params.text)).toMatch(/does not seem to answer/);
  });

  it('treats a mention in a thread without a summary as before (usage hint), and lists the paper in the channel history', async () => {
    const ev = mentionEvent('C0PLAIN', '<@U0BOT> what is this?', { thread_ts: '1700000000.000100' });
    await h().send(ev);
    expect(await h().settled(ev.event_id)).toEqual(['usage']);
    const history = createChannelHistory(h().cache!);
    const [entry] = await history.recent({ platform: 'slack', workspace: TEAM_ID, channel: 'C0QA' }, 5);
    expect(entry?.threadUrl).toMatch(/\/archives\/C0QA\/p\d+/);
    expect(entry?.title).toBe(structure.title);
    expect(await history.recent({ platform: 'slack', workspace: 'T0OTHER', channel: 'C0QA' }, 5)).toEqual([]);
  });
});

describe('questions in a summary thread, with embeddings (EMBEDDINGS_MODEL, no chat model)', () => {
  // The fake endpoint's vectors treat a word and its mirror image as one meaning: a stand-in for synonyms.
  const mirror = (w: string) => [...w].reverse().join('');
  let fake: FakeOpenAi;
  const h = useSlackHarness(async () => {
    fake = await startFakeOpenAi();
    fake.embed = (text) => hashedBagOfWords(text, (w) => (mirror(w) < w ? mirror(w) : w));
    const embedder = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'embed-test', timeoutMs: 5000, maxRetries: 0 });
    const vectors = createChunkVectors({ embedder, cache: createKeyvCache({ url: 'memory:' }), minSimilarity: 0.3 });
    return { qa: { model: null, prompts: loadQaPrompts(), vectors } };
  });
  afterAll(async () => fake?.close());

  it('finds the passage of a question asked in other words and quotes it with its page', async () => {
    const ts = await summarizeIn(h(), 'C0EMB', 'F0EMB');
    const method = structure.sections.find((s) => /method/i.test(s.heading))!;
    const words = method.text.split(/\s+/).filter((w) => /^[A-Za-z]{5,}$/.test(w)).slice(0, 10);
    const post = await ask(h(), 'C0EMB', ts, `${words.map((w) => mirror(w.toLowerCase())).join(' ')}?`);
    expect(String(post.params.text)).not.toMatch(/does not seem to answer/);
    expect(expectQuotesOnTheirPages(post.params.blocks)).toBeGreaterThan(0);
    expect(fake.embeddingRequests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('/papers in Slack', () => {
  const h = useSlackHarness({ qa: { model: null, prompts: loadQaPrompts() } });
  const papers = async (channel: string, text: string, team = TEAM_ID) => {
    const res = await postSignedForm(h().eventsUrl, SIGNING_SECRET, {
      token: 'legacy', team_id: team, channel_id: channel, user_id: 'U0HUMAN', command: '/papers', text,
      response_url: `${h().slack.origin}/respond/papers`, trigger_id: '1.2', api_app_id: 'A000FAKE',
    });
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as { response_type: string; text: string; blocks: unknown[] };
  };

  it('lists the channel\'s papers privately, searches them, and shows nothing of another workspace', async () => {
    expect((await papers('C0LIST', '')).text).toMatch(/No paper has been summarized/);
    await summarizeIn(h(), 'C0LIST', 'F0LIST');
    const listed = await papers('C0LIST', '');
    expect(listed.response_type).toBe('ephemeral');
    expect(JSON.stringify(listed.blocks)).toContain(structure.title!.slice(0, 30));
    expect(JSON.stringify(listed.blocks)).toMatch(/archives\/C0LIST\/p\d+/);
    const word = structure.title!.split(/\W+/).find((w) => w.length > 6)!;
    expect(JSON.stringify((await papers('C0LIST', `search ${word}`)).blocks)).toContain(structure.title!.slice(0, 30));
    expect((await papers('C0LIST', 'search volcanoes')).text).toMatch(/matches/);
    expect((await papers('C0LIST', '', 'T0OTHERTEAM')).text).toMatch(/No paper has been summarized/);
  });

  it('posts the weekly digest once to a channel that turned it on', async () => {
    expect((await papers('C0LIST', 'digest on')).text).toMatch(/Weekly digest on/);
    const t = weekOf(Date.now()).to + 10 * 3600 * 1000; // next Monday 10:00 UTC
    const claims = createMemoryClaims();
    const scheduler = () =>
      createDigestScheduler({ subscriptions: createDigestSubscriptions(h().cache!), history: createChannelHistory(h().cache!), claims, posters: { slack: h().bot.postDigest }, now: () => t });
    expect(await scheduler().tick()).toBe(1);
    expect(await scheduler().tick()).toBe(0);
    const [post] = h().slack.callsIn('C0LIST', 'chat.postMessage').filter((c) => String(c.params.text).startsWith('Papers shared this week'));
    expect(post!.params.thread_ts).toBeUndefined();
    expect(JSON.stringify(post!.params.blocks)).toMatch(/archives\/C0LIST\/p\d+/);
    expect((await papers('C0LIST', 'digest off')).text).toMatch(/Weekly digest off/);
  });
});

/** A question holding this word gets a long Markdown answer full of pings and masked links from the fake model. */
const MARKDOWN_MARK = 'zqmarkdownanswer';
/** What could notify anyone or hide a link's address in what is posted. */
const SLACK_PING = /<!(channel|here|everyone|subteam)|<@[UW]|<#C|<https?:|(^|[^\u200D])[@＠](channel|here|everyone)\b|\]\(/mu;
function markdownReply(quote: string, page: string): string {
  return [
    `**${quote}** [p. ${page}]`,
    '',
    `- <!channel> @here @everyone <@U0HUMAN> <#C0QAMD|general> <!subteam^S1|@team> [p. ${page}]`,
    `- [click here](https://evil.example/login) <https://evil.example|innocent> &lt;!here&gt; [p. ${page}]`,
    '',
    `The method is described in more detail on this page [p. ${page}]. `.repeat(300),
  ].join('\n');
}

describe('questions in a summary thread, with a model', () => {
  let fake: FakeOpenAi;
  const h = useSlackHarness(async () => {
    fake = await startFakeOpenAi((req) => {
      const [system, user] = req.body.messages;
      if (!system?.content.includes('NOT_IN_PAPER')) return { reply: goodReply(req) };
      // A model that quotes the first excerpt with its page, and invents a citation to a page it was not given.
      const m = /\[p\. (\d+)\] ([^\n]+)/.exec(user!.content)!;
      if (user!.content.includes(MARKDOWN_MARK)) return { reply: markdownReply(m[2]!.slice(0, 100), m[1]!) };
      return { reply: `${m[2]!.slice(0, 100)} [p. ${m[1]}] This is also shown on [p. 99].` };
    });
    return { modelUrl: fake.baseURL, qa: { model: createOpenAiModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'qa-model', timeoutMs: 10_000, maxRetries: 0 }), prompts: loadQaPrompts() } };
  });
  afterAll(() => fake?.close());

  it('answers with citations to pages it was given only, and the cited page holds the quote', async () => {
    const ts = await summarizeIn(h(), 'C0QAM', 'F0QAM');
    const post = await ask(h(), 'C0QAM', ts, methodQuestion());
    const text = String(post.params.text);
    expect(text).not.toContain('99');
    const cited = /\[p\. (\d+)\]/.exec(text)!;
    const quote = text.slice(0, cited.index).trim();
    const page = structure.pages.find((p) => p.num === Number(cited[1]))!;
    expect(squash(page.text)).toContain(squash(quote).slice(0, 50));
    const qaRequest = fake.requests.find((r) => r.body.messages[0]!.content.includes('NOT_IN_PAPER'))!;
    expect(qaRequest.body.messages[1]!.content).toMatch(/^<excerpts>\n\[p\. \d+\]/);
    // The answer is a markdown block (Slack renders the model's Markdown), the pages in a context line after it.
    const blocks = post.params.blocks as Array<{ type: string; text?: string }>;
    expect(blocks.map((b) => b.type)).toEqual(['markdown', 'context']);
    expect(squash(blocks[0]!.text!)).toContain(squash(quote).slice(0, 50));
    expect(blocks[0]!.text).toContain(`[p. ${cited[1]}]`);
  });

  it('posts a long Markdown answer as one markdown block within Slack\'s limits, with every ping and masked link defused', async () => {
    const ts = await summarizeIn(h(), 'C0QAMD', 'F0QAMD');
    const post = await ask(h(), 'C0QAMD', ts, `${methodQuestion()} ${MARKDOWN_MARK}`);
    const blocks = post.params.blocks as Array<{ type: string; text?: string }>;
    expect(blocks.map((b) => b.type)).toEqual(['markdown', 'context']);
    const md = blocks[0]!.text!;
    expect(md).toMatch(/^\*\*.+\*\* \[p\. \d+\]/); // the model's bold, as Markdown
    expect(md).toMatch(/^- /m); // and its list
    expect(md).toContain('click here (https://evil.example/login)');
    expect(md.length).toBeLessThanOrEqual(12_000);
    expect(md.length).toBeGreaterThan(3000);
    expect(md.endsWith('…')).toBe(true);
    expect(String(post.params.text).length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(post.params)).not.toMatch(SLACK_PING);
    expect(md).not.toMatch(SLACK_PING);
    expect(String(post.params.text)).not.toMatch(SLACK_PING);
  });
});
