/**
 * Issue 14 item 3 on the real `paperbot serve` process (environment only, nothing injected): with
 * USER_QUOTA_PER_HOUR=1 the first paper is summarized, the same paper again comes from the cache (free), and a second
 * new paper from the same person is answered in the fake Discord with the plain-words over-quota message and when the
 * hour resets — without a model call. The quota counts in the cache's SQLite store (CACHE_URL).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../helpers/fake-discord.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';
import { bodyOf, lastEdit } from '../helpers/discord-harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { startServe, tempDir } from '../helpers/run-cli.ts';
import { distinctPapers } from '../hardening/flood-tools.ts';

const nextHour = (t: number) => `${new Date(Math.floor(t / 3600_000) * 3600_000 + 3600_000).toISOString().slice(11, 16)} UTC`;

describe('paperbot serve with USER_QUOTA_PER_HOUR=1 (Discord)', () => {
  let discord: FakeDiscord;
  let model: FakeOpenAi;
  let papers: Uint8Array[];
  beforeAll(async () => {
    papers = await distinctPapers(2, (i) => `Served Quota Paper ${i}: One Summary An Hour`);
    discord = await startFakeDiscord();
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(async () => {
    await discord?.close();
    await model?.close();
  });

  it('summarizes once, answers the cached copy, then tells the over-quota words with the reset time', async () => {
    const dir = tempDir('paperbot-quota-serve-');
    const env = {
      DISCORD_TOKEN: 'test-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MODEL: 'fake-model',
      CACHE_URL: `sqlite://${path.join(dir, 'cache.sqlite')}`,
      SUMMARY_LANGUAGE: 'en',
      USER_QUOTA_PER_HOUR: '1',
    };
    const bot = await startServe(env, { cwd: dir, ready: 'health check at', first: () => discord.waitForReady() });
    const answer = async (name: string, bytes: Uint8Array) => {
      const url = discord.serveCdn(`attachments/8/${name}/${name}.pdf`, { body: bytes, contentType: 'application/pdf' });
      const ia = slashCommand(discord.appId, { pdf: attachment(url, `${name}.pdf`, bytes.length) });
      discord.dispatch('INTERACTION_CREATE', ia);
      const last = await waitFor(
        `the answer to ${name}`,
        () => {
          const edit = lastEdit(discord, ia.token);
          return edit && ((bodyOf(edit).embeds ?? []).length > 0 || String(bodyOf(edit).content ?? '').startsWith('❌')) && edit;
        },
        30_000,
      );
      return { embeds: bodyOf(last).embeds ?? [], content: String(bodyOf(last).content ?? '') };
    };
    try {
      expect((await answer('first', papers[0]!)).embeds.length).toBeGreaterThan(0);
      // One summary (a retried call under load would still be the one charge).
      const calls = model.requests.length;
      expect(calls).toBeGreaterThanOrEqual(1);
      expect((await answer('same-again', papers[0]!)).embeds.length).toBeGreaterThan(0);
      expect(model.requests).toHaveLength(calls);
      const before = nextHour(Date.now());
      const refused = await answer('second', papers[1]!);
      const after = nextHour(Date.now());
      expect(refused.embeds).toEqual([]);
      expect(refused.content).toMatch(
        new RegExp(`^❌ You have used your 1 summaries/questions for this hour; try again after (${before}|${after}) \\(in about \\d+ minutes?\\)\\.$`),
      );
      expect(model.requests).toHaveLength(calls);
    } finally {
      await bot.stop();
    }
  });
});
