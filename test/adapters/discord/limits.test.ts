/**
 * Issue 14 item 3 through the real discord.js Client against the fake Discord and a fake model: over the hour's cap a
 * `/summarize`, a Regenerate (it skips the cache, so it calls the model) and an `/ask` are answered in plain words
 * with the reset time, without a model call; a cached summary is free; an answered `/ask` counts. Over a server's daily
 * cap the words name the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuota } from '../../../src/core/quota/index.ts';
import { createKeyvQuotaCounter } from '../../../src/services/keyv-quota.ts';
import { createOpenAiModel } from '../../../src/services/openai-model.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { VERSION } from '../../../src/version.ts';
import { bodyOf, finalEdit, lastEdit, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';
import { attachment, buttonClick, chatCommand, slashCommand } from '../../helpers/discord-interactions.ts';
import { waitFor } from '../../helpers/fake-discord.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { distinctPapers } from '../../hardening/flood-tools.ts';

const utcAt = (t: number, every: number) => `${new Date(Math.floor(t / every) * every + every).toISOString().slice(11, 16)} UTC`;
/** The reset time as read now (a test crossing the hour or midnight accepts both). */
const resets = (every: number) => [...new Set([utcAt(Date.now(), every), utcAt(Date.now() + 30_000, every)])].join('|');

const isQuestion = (r: FakeOpenAi['requests'][number]) => r.body.messages[0]!.content.includes('NOT_IN_PAPER');

async function startModel(): Promise<FakeOpenAi> {
  return startFakeOpenAi((req) => {
    if (!isQuestion(req)) return { reply: goodReply(req) };
    const m = /\[p\. (\d+)\] ([^\n]+)/.exec(req.body.messages[1]!.content)!;
    return { reply: `${m[2]!.slice(0, 80)} [p. ${m[1]}]` };
  });
}

/** The text of an interaction's last edit, once it is the answer (embeds, or the ❌ words). */
async function answerOf(h: DiscordHarness, ia: { token: string }): Promise<{ embeds: unknown[]; content: string }> {
  h.fake.dispatch('INTERACTION_CREATE', ia);
  await waitFor(`the answer to ${ia.token}`, () => {
    const last = lastEdit(h.fake, ia.token);
    return last && ((bodyOf(last).embeds ?? []).length > 0 || String(bodyOf(last).content ?? '').startsWith('❌'));
  });
  await h.bot.idle();
  const body = bodyOf(lastEdit(h.fake, ia.token)!);
  return { embeds: body.embeds ?? [], content: String(body.content ?? '') };
}

describe('USER_QUOTA_PER_HOUR=2 in Discord', () => {
  let h: DiscordHarness;
  let model: FakeOpenAi;
  let papers: Uint8Array[];
  beforeAll(async () => {
    papers = await distinctPapers(2, (i) => `Discord Quota Paper ${i}: Counting Requests Per Person`);
    model = await startModel();
    h = await startDiscordHarness({
      openAi: model,
      bot: {
        qa: { model: createOpenAiModel({ apiKey: 'sk-test', baseURL: model.baseURL, model: 'qa-model', timeoutMs: 10_000, maxRetries: 0 }), prompts: loadQaPrompts() },
        codeVersion: VERSION,
        quota: createQuota(createKeyvQuotaCounter({ url: 'memory:' }), { userPerHour: 2, workspacePerDay: 0 }),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await model?.close();
  });

  const summarize = (i: number, name: string) => {
    const url = h.fake.serveCdn(`attachments/5/${name}/${name}.pdf`, { body: papers[i]!, contentType: 'application/pdf' });
    return slashCommand(h.fake.appId, { pdf: attachment(url, `${name}.pdf`, papers[i]!.length) });
  };
  const overQuota = () => new RegExp(`^❌ You have used your 2 summaries/questions for this hour; try again after (${resets(3600_000)}) \\(in about \\d+ minutes?\\)\\.$`);

  it('charges a summary and an answered /ask, not a cached copy; then refuses a paper, a Regenerate and /ask in words', async () => {
    const first = summarize(0, 'q0');
    expect((await answerOf(h, first)).embeds.length).toBeGreaterThan(0);
    const again = summarize(0, 'q0b');
    expect((await answerOf(h, again)).embeds.length).toBeGreaterThan(0); // cached: free
    expect(model.requests.filter((r) => !isQuestion(r))).toHaveLength(1);

    const ask = chatCommand(h.fake.appId, 'ask', { question: 'what does the method propose for budgeting sections?' });
    const answered = await answerOf(h, ask);
    expect(JSON.stringify(answered.embeds)).toMatch(/\[p\. \d+\]/);
    expect(model.requests.filter(isQuestion)).toHaveLength(1);

    const refused = await answerOf(h, summarize(1, 'q1'));
    expect(refused.content).toMatch(overQuota());
    expect(refused.embeds).toEqual([]);

    // Regenerate skips the cache: it would call the model, so it is refused too.
    const final = finalEdit(h.fake, first.token)!;
    const regenerate = ((bodyOf(final).components as Array<{ components: Array<{ custom_id: string; label?: string }> }>)[0]!.components).find((b) => b.label === 'Regenerate')!;
    const message = { id: '1400000000000000777', content: '', embeds: bodyOf(final).embeds, components: bodyOf(final).components, author: { id: h.fake.botId, username: 'paperbot', discriminator: '0', avatar: null, bot: true }, type: 0, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, flags: 0, timestamp: new Date().toISOString(), edited_timestamp: null };
    expect((await answerOf(h, buttonClick(h.fake.appId, regenerate.custom_id, message))).content).toMatch(overQuota());

    expect((await answerOf(h, chatCommand(h.fake.appId, 'ask', { question: 'and which results support it?' }))).content).toMatch(overQuota());
    expect(model.requests.filter((r) => !isQuestion(r))).toHaveLength(1);
    expect(model.requests.filter(isQuestion)).toHaveLength(1);
  });
});

describe('WORKSPACE_QUOTA_PER_DAY=1 in Discord', () => {
  let h: DiscordHarness;
  let model: FakeOpenAi;
  let papers: Uint8Array[];
  beforeAll(async () => {
    papers = await distinctPapers(2, (i) => `Discord Server Paper ${i}: One Request Per Day`);
    model = await startModel();
    h = await startDiscordHarness({ openAi: model, bot: { quota: createQuota(createKeyvQuotaCounter({ url: 'memory:' }), { userPerHour: 0, workspacePerDay: 1 }) } });
  });
  afterAll(async () => {
    await h?.close();
    await model?.close();
  });

  it('refuses the server\'s second uncached paper of the day, naming the server and the reset at 00:00 UTC', async () => {
    const url0 = h.fake.serveCdn('attachments/6/a/a.pdf', { body: papers[0]!, contentType: 'application/pdf' });
    expect((await answerOf(h, slashCommand(h.fake.appId, { pdf: attachment(url0, 'a.pdf', papers[0]!.length) }))).embeds.length).toBeGreaterThan(0);
    const url1 = h.fake.serveCdn('attachments/6/b/b.pdf', { body: papers[1]!, contentType: 'application/pdf' });
    const refused = await answerOf(h, slashCommand(h.fake.appId, { pdf: attachment(url1, 'b.pdf', papers[1]!.length), language: 'zh' }));
    expect(refused.content).toMatch(new RegExp(`^❌ 本服务器今天的 1 次摘要/提问额度已用完，请在 (${resets(24 * 3600_000)}) 之后再试（约 \\d+ (小时|分钟)后）。$`));
    expect(model.requests).toHaveLength(1);
  });
});
