/**
 * The real discord.js Client against a local fake Discord (REST + ws gateway + CDN on 127.0.0.1) with the real
 * pipeline: /summarize with an attachment or a link, the "Summarize paper" message command, the buttons (also after
 * a restart), refusals before any download, and what the bot sends never allowing mentions.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedChars } from '../../../src/adapters/discord/render-embeds.ts';
import { DISCORD_LIMITS } from '../../../src/adapters/discord/limits.ts';
import type { FeedbackRecord } from '../../../src/adapters/common/feedback-votes.ts';
import { waitFor } from '../../helpers/fake-discord.ts';
import { attachment, buttonClick, contextMenu, slashCommand, userMessage, USER } from '../../helpers/discord-interactions.ts';
import { bodyOf, finalEdit, lastEdit, messageBodies, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));
const SHA = createHash('sha256').update(PDF).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}
interface Row {
  components: Array<{ custom_id: string; label?: string; emoji?: { name: string } }>;
}

function expectWithinLimits(embeds: Embed[]) {
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embedChars(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
}

function expectNoMentionsAllowed(h: DiscordHarness) {
  const bodies = messageBodies(h.fake.calls);
  expect(bodies.length).toBeGreaterThan(0);
  for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [] });
}

/** Dispatches an interaction and waits until the bot has finished with it. */
async function run(h: DiscordHarness, interaction: { token: string }, until: () => unknown) {
  h.fake.dispatch('INTERACTION_CREATE', interaction);
  await waitFor(`the answer to ${interaction.token}`, until);
  await h.bot.idle();
}

describe('Discord bot (real discord.js Client, fake Discord, real pipeline)', () => {
  let h: DiscordHarness;
  let summaryMessage: Record<string, unknown>;
  let buttons: Row['components'];
  beforeAll(async () => {
    h = await startDiscordHarness({ linkPdf: PDF });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers /summarize pdf:<attachment>: deferral first, progress, then the summary as embeds with buttons', async () => {
    const url = h.fake.serveCdn('attachments/1/2/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
    await run(h, ia, () => finalEdit(h.fake, ia.token));

    const calls = h.fake.callsFor(ia.token);
    expect(calls[0]!.path).toBe(`/interactions/${ia.id}/${ia.token}/callback`);
    expect(bodyOf(calls[0]!).type).toBe(5); // deferred, before anything else
    expect(calls.slice(1).every((c) => c.method === 'PATCH' && c.path.endsWith('/messages/%40original'))).toBe(true);
    const texts = calls.map((c) => String(bodyOf(c).content ?? ''));
    expect(texts.some((t) => t.includes('Downloading'))).toBe(true);
    expect(texts.some((t) => /Reading \d+ pages/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('Summarizing'))).toBe(true);
    expect(h.fake.downloads).toContain('/cdn/attachments/1/2/sample-paper.pdf');

    const final = finalEdit(h.fake, ia.token)!;
    expect(final).toBe(calls.at(-1));
    const embeds = bodyOf(final).embeds as Embed[];
    expectWithinLimits(embeds);
    expect(embeds[0]!.title).toMatch(/SIEVE/);
    expect(embeds[0]!.url).toBe('https://arxiv.org/abs/2501.04217v1');
    const fields = embeds.flatMap((e) => e.fields ?? []);
    expect(fields.find((f) => f.name === 'Authors')!.value).toContain('Mira Okafor');
    for (const name of ['(1) Background', '(2) Prior work and motivation', '(3) Method', '(4) Results']) {
      expect(fields.find((f) => f.name === name || f.name.startsWith(`${name} (p. `))?.value.length).toBeGreaterThan(20);
    }
    expect(embeds.at(-1)!.footer!.text).toContain('extractive');
    expect(bodyOf(final).content).toBe('');
    buttons = (bodyOf(final).components as Row[])[0]!.components;
    expect(buttons.map((b) => b.label ?? b.emoji?.name)).toEqual(['Regenerate', '中文', '👍', '👎']);
    for (const b of buttons) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    summaryMessage = { id: '1400000000000000001', content: '', embeds, components: bodyOf(final).components, author: { id: h.fake.botId, username: 'paperbot', discriminator: '0', avatar: null, bot: true }, type: 0, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, flags: 0, timestamp: new Date().toISOString(), edited_timestamp: null };
    expectNoMentionsAllowed(h);
  });

  it('answers /summarize url:<arXiv id> through the link fetcher, with the arXiv link in the summary', async () => {
    const ia = slashCommand(h.fake.appId, { url: 'arXiv:2501.04217', language: 'zh' });
    await run(h, ia, () => finalEdit(h.fake, ia.token));
    expect(h.fetched).toContain('https://arxiv.org/pdf/2501.04217');
    const embeds = bodyOf(finalEdit(h.fake, ia.token)!).embeds as Embed[];
    expect(embeds.flatMap((e) => e.fields ?? []).some((f) => f.name === '作者')).toBe(true);
    const ids = (bodyOf(finalEdit(h.fake, ia.token)!).components as Row[])[0]!.components.map((b) => b.custom_id);
    expect(ids[0]).toBe('pb:r:zh:l:arXiv:2501.04217');
  });

  it('answers /summarize url:<PDF link> through the guarded fetcher', async () => {
    const link = h.fake.serveCdn('papers/direct.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { url: link });
    await run(h, ia, () => finalEdit(h.fake, ia.token));
    expect(h.fetched).toContain(link);
    expect(h.fake.downloads).toContain('/cdn/papers/direct.pdf');
  });

  it('answers /summarize without pdf or url with a private hint, and no deferral', async () => {
    const ia = slashCommand(h.fake.appId, {});
    await run(h, ia, () => h.fake.callsFor(ia.token)[0]);
    const calls = h.fake.callsFor(ia.token);
    expect(calls).toHaveLength(1);
    const body = bodyOf(calls[0]!);
    expect(body.type).toBe(4);
    expect(body.data!.flags).toBe(64);
    expect(String(body.data!.content)).toContain('/summarize pdf:');
    expect(body.data!.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses an attachment over the size limit from the payload, privately, before any download', async () => {
    const url = h.fake.serveCdn('attachments/9/9/huge.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'huge.pdf', 26 * 1024 * 1024) });
    await run(h, ia, () => h.fake.callsFor(ia.token)[0]);
    const body = bodyOf(h.fake.callsFor(ia.token)[0]!);
    expect(body.type).toBe(4);
    expect(body.data!.flags).toBe(64);
    expect(String(body.data!.content)).toMatch(/too large \(26\.0 MB\); the limit is 25\.0 MB/);
    expect(h.fake.downloads).not.toContain('/cdn/attachments/9/9/huge.pdf');
  });

  it('says in plain words that an attachment is not a PDF', async () => {
    const url = h.fake.serveCdn('attachments/3/3/figure.png', { body: PNG, contentType: 'image/png' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'figure.png', PNG.length, 'image/png') });
    await run(h, ia, () => String(bodyOf(lastEdit(h.fake, ia.token) ?? h.fake.calls[0]!).content ?? '').startsWith('❌'));
    const text = String(bodyOf(lastEdit(h.fake, ia.token)!).content);
    expect(text).toBe('❌ This file is not a PDF (it looks like a PNG image). Send the paper as a PDF or give its arXiv id.');
    expect(bodyOf(lastEdit(h.fake, ia.token)!).embeds).toEqual([]);
  });

  it('refuses an attachment link that is not on Discord\'s CDN without fetching it', async () => {
    const ia = slashCommand(h.fake.appId, { pdf: attachment('https://example.org/paper.pdf', 'paper.pdf', PDF.length) });
    await run(h, ia, () => String(bodyOf(lastEdit(h.fake, ia.token) ?? h.fake.calls[0]!).content ?? '').startsWith('❌'));
    expect(String(bodyOf(lastEdit(h.fake, ia.token)!).content)).toContain("does not point to Discord's CDN");
  });

  it('answers "Summarize paper" on a message with a PDF attachment (the first PDF, not the image)', async () => {
    const png = h.fake.serveCdn('attachments/4/4/figure.png', { body: PNG, contentType: 'image/png' });
    const pdf = h.fake.serveCdn('attachments/4/5/paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const message = userMessage({ content: 'have a look', attachments: [attachment(png, 'figure.png', PNG.length, 'image/png'), attachment(pdf, 'paper.pdf', PDF.length)] });
    h.fake.messages.set(message.id, message);
    const ia = contextMenu(h.fake.appId, message);
    await run(h, ia, () => finalEdit(h.fake, ia.token));
    expect(bodyOf(h.fake.callsFor(ia.token)[0]!).type).toBe(5);
    expect(h.fake.downloads).toContain('/cdn/attachments/4/5/paper.pdf');
    expect(h.fake.downloads).not.toContain('/cdn/attachments/4/4/figure.png');
    const ids = (bodyOf(finalEdit(h.fake, ia.token)!).components as Row[])[0]!.components.map((b) => b.custom_id);
    expect(ids[0]).toBe(`pb:r:en:m:${message.channel_id}.${message.id}.${message.attachments[1]!.id}`);

    // Regenerate fetches the message again (fresh CDN link) and answers in a new reply.
    const click = buttonClick(h.fake.appId, ids[0]!, summaryMessage);
    await run(h, click, () => finalEdit(h.fake, click.token));
    expect(h.fake.calls.some((c) => c.method === 'GET' && c.path === `/channels/${message.channel_id}/messages/${message.id}`)).toBe(true);
  });

  it('answers "Summarize paper" on a message with only a link, and hints privately on a message with nothing', async () => {
    const withLink = userMessage({ content: 'new paper: <https://arxiv.org/abs/2501.04217v1> !' });
    const ia = contextMenu(h.fake.appId, withLink);
    await run(h, ia, () => finalEdit(h.fake, ia.token));
    expect(h.fetched).toContain('https://arxiv.org/pdf/2501.04217v1');

    const nothing = contextMenu(h.fake.appId, userMessage({ content: 'lunch?' }));
    await run(h, nothing, () => h.fake.callsFor(nothing.token)[0]);
    const body = bodyOf(h.fake.callsFor(nothing.token)[0]!);
    expect(body.data!.flags).toBe(64);
    expect(String(body.data!.content)).toContain('no PDF attachment');
  });

  it('handles Regenerate, the language button and 👍, also after a restart', async () => {
    const [regenerate, language, up, down] = buttons.map((b) => b.custom_id) as [string, string, string, string];

    const regeneratedBefore = (await h.pipeline.cache.get<FeedbackRecord>(`feedback:${SHA}:en`))?.regenerated?.length ?? 0;
    const r = buttonClick(h.fake.appId, regenerate, summaryMessage);
    await run(h, r, () => finalEdit(h.fake, r.token));
    expect(bodyOf(h.fake.callsFor(r.token)[0]!).type).toBe(5);
    const regenerated = bodyOf(finalEdit(h.fake, r.token)!).embeds as Embed[];
    expect(regenerated.at(-1)!.footer!.text).not.toContain('summarized before');

    const l = buttonClick(h.fake.appId, language, summaryMessage);
    await run(h, l, () => finalEdit(h.fake, l.token));
    const zh = bodyOf(finalEdit(h.fake, l.token)!).embeds as Embed[];
    expect(zh.flatMap((e) => e.fields ?? []).some((f) => f.name === '作者')).toBe(true);

    const v = buttonClick(h.fake.appId, up, summaryMessage);
    await run(h, v, () => lastEdit(h.fake, v.token));
    expect(bodyOf(h.fake.callsFor(v.token)[0]!).data).toEqual({ flags: 64 });
    expect(String(bodyOf(lastEdit(h.fake, v.token)!).content)).toContain('Thanks');
    let stored = await h.pipeline.cache.get<FeedbackRecord>(`feedback:${SHA}:en`);
    expect(stored?.votes[`discord:${USER.id}`]?.vote).toBe('up');
    // Regenerate counts (once per click, the language button not at all).
    expect(stored?.regenerated?.length).toBe(regeneratedBefore + 1);

    // A fresh Client (a restart): the same custom_ids still work, nothing was kept in memory.
    await h.restart();
    const l2 = buttonClick(h.fake.appId, language, summaryMessage);
    await run(h, l2, () => finalEdit(h.fake, l2.token));
    expect((bodyOf(finalEdit(h.fake, l2.token)!).embeds as Embed[]).flatMap((e) => e.fields ?? []).some((f) => f.name === '作者')).toBe(true);
    const d2 = buttonClick(h.fake.appId, down, summaryMessage);
    await run(h, d2, () => lastEdit(h.fake, d2.token));
    stored = await h.pipeline.cache.get<FeedbackRecord>(`feedback:${SHA}:en`);
    expect(stored?.votes[`discord:${USER.id}`]?.vote).toBe('down');
    expectNoMentionsAllowed(h);
  });

  it('says so privately when a button\'s stored source is unknown', async () => {
    const click = buttonClick(h.fake.appId, `pb:r:en:s:${'0'.repeat(32)}`, summaryMessage);
    await run(h, click, () => h.fake.callsFor(click.token)[0]);
    const body = bodyOf(h.fake.callsFor(click.token)[0]!);
    expect(body.data!.flags).toBe(64);
    expect(String(body.data!.content)).toContain('/summarize');
  });
});
