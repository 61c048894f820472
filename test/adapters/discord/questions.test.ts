/**
 * `/ask` and `/papers` with the real discord.js Client against the fake Discord: the channel's papers are listed and
 * searched (never another server's), and a question is answered from the latest paper with pages that hold the quotes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import type { PaperStructure } from '../../../src/core/types.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { VERSION } from '../../../src/version.ts';
import { bodyOf, finalEdit, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';
import { attachment, CHANNEL_ID, chatCommand, slashCommand } from '../../helpers/discord-interactions.ts';
import { createChannelHistory } from '../../../src/core/history/channel-history.ts';
import { weekOf } from '../../../src/core/history/digest.ts';
import { createDigestScheduler } from '../../../src/core/history/digest-scheduler.ts';
import { createDigestSubscriptions } from '../../../src/core/history/digest-subscriptions.ts';
import { createMemoryClaims } from '../../../src/core/queue/memory-claims.ts';
import { waitFor } from '../../helpers/fake-slack.ts';

const PDF = new Uint8Array(readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url)));
const squash = (s: string) => s.replace(/\s+/g, '');
type Embed = { title?: string; description?: string; author?: { name: string }; fields?: Array<{ name: string; value: string }> };

let h: DiscordHarness;
let structure: PaperStructure;
beforeAll(async () => {
  const ex = createPdfExtractor({ poolSize: 1 });
  structure = analyzePaper(await ex.extract(PDF, { maxPages: 50 }));
  await ex.close?.();
  h = await startDiscordHarness({ bot: { qa: { model: null, prompts: loadQaPrompts() }, codeVersion: VERSION } });
});
afterAll(() => h?.close());

/** The callback (immediate answer) and the final edit, if any, of one interaction. */
async function run(interaction: { token: string }, until: () => unknown) {
  h.fake.dispatch('INTERACTION_CREATE', interaction);
  await waitFor(`the answer to ${interaction.token}`, until);
  await h.bot.idle();
  const calls = h.fake.callsFor(interaction.token);
  return { callback: bodyOf(calls[0]!), edit: finalEdit(h.fake, interaction.token) };
}
const callbackOf = (ia: { token: string }) => () => h.fake.callsFor(ia.token).length > 0;

describe('/papers and /ask', () => {
  it('lists nothing before a paper was summarized, and says so privately', async () => {
    const ia = chatCommand(h.fake.appId, 'papers', {});
    const { callback } = await run(ia, callbackOf(ia));
    expect(callback.type).toBe(4);
    expect((callback.data as { flags: number }).flags & 64).toBe(64);
    expect(String((callback.data as { content: string }).content)).toMatch(/No paper has been summarized/);
  });

  it('lists and searches the papers summarized in the channel (privately), and no other server\'s', async () => {
    const url = h.fake.serveCdn('attachments/9/9/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const sum = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
    await run(sum, () => finalEdit(h.fake, sum.token));

    const list = chatCommand(h.fake.appId, 'papers', {});
    const listed = (await run(list, callbackOf(list))).callback.data as { flags: number; embeds: Embed[]; allowed_mentions: unknown };
    expect(listed.flags & 64).toBe(64);
    expect(listed.embeds[0]!.description).toContain(structure.title!.slice(0, 30));
    expect(listed.allowed_mentions).toEqual({ parse: [] });
    // The link leads to the summary message itself, not just to the channel.
    const summaryId = h.fake.originalMessageId(sum.token);
    expect(summaryId).toBeTruthy();
    expect(listed.embeds[0]!.description).toContain(`/${sum.channel_id}/${summaryId}`);

    const titleWord = structure.title!.split(/\W+/).find((w) => w.length > 6)!;
    const found = chatCommand(h.fake.appId, 'papers', { search: titleWord });
    expect(((await run(found, callbackOf(found))).callback.data as { embeds: Embed[] }).embeds[0]!.description).toContain(structure.title!.slice(0, 30));
    const none = chatCommand(h.fake.appId, 'papers', { search: 'volcanoes' });
    expect(String(((await run(none, callbackOf(none))).callback.data as { content: string }).content)).toMatch(/matches/);

    const elsewhere = chatCommand(h.fake.appId, 'papers', {}, { guild_id: '1300000000000000099' });
    expect(String(((await run(elsewhere, callbackOf(elsewhere))).callback.data as { content: string }).content)).toMatch(/No paper has been summarized/);
  });

  it('answers /ask from the latest paper: deferred, then passages with pages that hold them', async () => {
    const method = structure.sections.find((s) => /method/i.test(s.heading))!;
    const question = `what about ${method.text.split(/\s+/).filter((w) => w.length > 6).slice(0, 4).join(' ')}?`;
    const ia = chatCommand(h.fake.appId, 'ask', { question });
    const { callback, edit } = await run(ia, () => finalEdit(h.fake, ia.token));
    expect(callback.type).toBe(5);
    const embed = (bodyOf(edit!).embeds as Embed[])[0]!;
    expect(embed.author!.name).toContain(structure.title!.slice(0, 30));
    expect(embed.fields!.length).toBeGreaterThan(0);
    for (const f of embed.fields!) {
      const page = structure.pages.find((p) => `p. ${p.num}` === f.name)!;
      expect(squash(page.text)).toContain(squash(f.value.replace(/…$/, '')).slice(0, 50));
    }
    expect(bodyOf(edit!).allowed_mentions).toEqual({ parse: [] });

    const nonsense = chatCommand(h.fake.appId, 'ask', { question: 'How many giraffes did the zookeepers feed on Tuesday afternoon?' });
    const answer = await run(nonsense, () => finalEdit(h.fake, nonsense.token));
    expect((bodyOf(answer.edit!).embeds as Embed[])[0]!.description).toMatch(/does not seem to answer/);
  });

  it('turns the weekly digest on and posts it once in the channel', async () => {
    const on = chatCommand(h.fake.appId, 'papers', { digest: 'on' });
    expect(String(((await run(on, callbackOf(on))).callback.data as { content: string }).content)).toMatch(/Weekly digest on/);
    const t = weekOf(Date.now()).to + 10 * 3600 * 1000;
    const claims = createMemoryClaims();
    const scheduler = () =>
      createDigestScheduler({ subscriptions: createDigestSubscriptions(h.pipeline.cache), history: createChannelHistory(h.pipeline.cache), claims, posters: { discord: h.bot.postDigest }, now: () => t });
    expect(await scheduler().tick()).toBe(1);
    expect(await scheduler().tick()).toBe(0);
    const post = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages`).at(-1)!;
    const body = bodyOf(post) as { embeds: Embed[]; allowed_mentions: unknown };
    expect(body.embeds[0]!.title).toMatch(/Papers shared this week/);
    expect(body.embeds[0]!.description).toContain(structure.title!.slice(0, 30));
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
