/**
 * The Discord bot's edges, each on its own fake Discord: model output that tries to ping, a summary too long for one
 * message (summary.md attached), a summary that finishes after the interaction window (posted in the channel), and
 * PDFs dropped in an auto-summarize channel.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import { DISCORD_LIMITS } from '../../../src/adapters/discord/limits.ts';
import { embedChars } from '../../../src/adapters/discord/render-embeds.ts';
import type { Summarizer } from '../../../src/core/pipeline/summarizer.ts';
import type { SummaryResult } from '../../../src/core/types.ts';
import { waitFor } from '../../helpers/fake-discord.ts';
import { attachment, CHANNEL_ID, GUILD_ID, slashCommand, userMessage } from '../../helpers/discord-interactions.ts';
import { bodyOf, finalEdit, messageBodies, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { goodReply } from '../../helpers/model-replies.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

interface Embed {
  title?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}

describe('Discord bot with a model whose output tries to ping', () => {
  let h: DiscordHarness;
  let openAi: FakeOpenAi;
  beforeAll(async () => {
    openAi = await startFakeOpenAi((req) => ({
      reply: goodReply(req, { language: 'en' })
        .replace('Long-document understanding matters.', 'Hey @everyone and @here and ＠everyone, <@123456789012345678> <@!123456789012345678> <@&223456789012345678> look.')
        .replace('section-aware budgeting', 'section-aware budgeting [click here](https://evil.example/phish) </summarize:123456789012345678>'),
    }));
    h = await startDiscordHarness({ openAi });
  });
  afterAll(async () => {
    await h?.close();
    await openAi?.close();
  });

  it('neutralizes every mention and masked link, and allows no mentions', async () => {
    const url = h.fake.serveCdn('attachments/5/5/paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'paper.pdf', PDF.length) });
    h.fake.dispatch('INTERACTION_CREATE', ia);
    await waitFor('the summary', () => finalEdit(h.fake, ia.token));
    await h.bot.idle();
    const sent = JSON.stringify(messageBodies(h.fake.calls));
    expect(sent).toContain('test-model');
    expect(sent).toContain('look.');
    for (const ping of ['@everyone', '@here', '＠everyone', '<@123456789012345678>', '<@!123', '<@&223', '](https://evil', '</summarize:']) {
      expect(sent).not.toContain(ping);
    }
    for (const b of messageBodies(h.fake.calls)) expect(b.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('Discord bot with a summary too long for one message', () => {
  let h: DiscordHarness;
  const long = (what: string) => Array.from({ length: 120 }, (_, i) => `Sentence ${i} on the ${what} of this study, with detail ${i * 7}.`).join(' ');
  beforeAll(async () => {
    h = await startDiscordHarness({
      inflate: (r: SummaryResult) => ({
        ...r,
        keywords: Array.from({ length: 300 }, (_, i) => `keyword-${i}`),
        summary: { background: long('background'), priorWork: long('prior work'), method: long('method'), results: long('results') },
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fits every limit, says it was shortened and attaches summary.md', async () => {
    const url = h.fake.serveCdn('attachments/6/6/paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'paper.pdf', PDF.length) });
    h.fake.dispatch('INTERACTION_CREATE', ia);
    await waitFor('the summary', () => finalEdit(h.fake, ia.token));
    await h.bot.idle();
    const final = finalEdit(h.fake, ia.token)!;
    const embeds = bodyOf(final).embeds as Embed[];
    expect(embedChars(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embedChars(embeds)).toBeGreaterThan(5000);
    for (const f of embeds.flatMap((e) => e.fields ?? [])) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embeds.at(-1)!.footer!.text).toContain('summary.md');
    expect(final.files.map((f) => f.name)).toEqual(['summary.md']);
    expect(final.files[0]!.text).toContain('Sentence 119 on the results');
    expect(bodyOf(final).allowed_mentions).toEqual({ parse: [] });
  });
});

describe('Discord bot when a summary outlasts the interaction window', () => {
  let h: DiscordHarness;
  let clock = 1_000_000;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  beforeAll(async () => {
    h = await startDiscordHarness({
      linkPdf: PDF,
      bot: { now: () => clock, interactionWindowMs: 15 * 60_000, lateMarginMs: 60_000 },
      wrap: (inner: Summarizer): Summarizer => ({
        summarize: async (req, p) => {
          await gate;
          return inner.summarize(req, p);
        },
      }),
    });
  });
  afterAll(async () => {
    release();
    await h?.close();
  });

  it('posts the summary as a channel message replying to the first answer, not through the expired token', async () => {
    const ia = slashCommand(h.fake.appId, { url: '2501.04217' });
    h.fake.dispatch('INTERACTION_CREATE', ia);
    await waitFor('the download progress', () => h.fake.callsFor(ia.token).find((c) => String(bodyOf(c).content ?? '').includes('Downloading')));
    clock += 14 * 60_000 + 1; // past the window minus the margin
    release();
    const posted = await waitFor('the channel message', () => h.fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`));
    await h.bot.idle();
    const body = bodyOf(posted);
    expect((body.embeds as Embed[])[0]!.title).toMatch(/SIEVE/);
    expect(String(body.content)).toBe('This took longer than Discord lets me edit my first reply, so I am answering here:');
    expect(body.message_reference).toEqual({ message_id: h.fake.originalMessageId(ia.token), fail_if_not_exists: false });
    expect(h.fake.originalMessageId(ia.token)).toMatch(/^\d+$/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    // Nothing was edited through the token after the deadline.
    expect(finalEdit(h.fake, ia.token)).toBeUndefined();
    expect(h.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH').every((c) => !String(bodyOf(c).content).includes('Reading'))).toBe(true);
  });
});

describe('Discord bot auto-summarizing PDFs in DISCORD_AUTO_CHANNELS', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ autoChannels: [CHANNEL_ID] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks for the Message Content intent and replies to a dropped PDF once', async () => {
    const intents = h.fake.identifies.at(-1)!.intents;
    expect(intents & GatewayIntentBits.MessageContent).toBeTruthy();
    expect(intents & GatewayIntentBits.GuildMessages).toBeTruthy();
    // The channel must be known to discord.js (as after GUILD_CREATE on a real server).
    h.fake.dispatch('GUILD_CREATE', {
      id: GUILD_ID,
      name: 'lab',
      owner_id: '1',
      unavailable: false,
      member_count: 2,
      roles: [],
      emojis: [],
      stickers: [],
      features: [],
      members: [],
      presences: [],
      voice_states: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      channels: [{ id: CHANNEL_ID, type: 0, name: 'papers', guild_id: GUILD_ID, position: 0, permission_overwrites: [] }],
    });
    await waitFor('the guild in the cache', () => h.bot.client.channels.cache.get(CHANNEL_ID));
    const url = h.fake.serveCdn('attachments/7/7/dropped.pdf', { body: PDF, contentType: 'application/pdf' });
    const message = userMessage({ attachments: [attachment(url, 'dropped.pdf', PDF.length)] });
    h.fake.dispatch('MESSAGE_CREATE', message);
    h.fake.dispatch('MESSAGE_CREATE', message); // delivered twice: answered once
    const posted = await waitFor('the placeholder reply', () => h.fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`));
    expect(bodyOf(posted).message_reference).toEqual({ message_id: message.id, fail_if_not_exists: false });
    await waitFor('the summary edit', () => h.fake.calls.find((c) => c.method === 'PATCH' && c.path.startsWith(`/channels/${CHANNEL_ID}/messages/`) && (bodyOf(c).embeds ?? []).length > 0));
    await h.bot.idle();
    expect(h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(1);
    for (const b of messageBodies(h.fake.calls)) expect(b.allowed_mentions).toEqual({ parse: [] });
  });
});
