/**
 * The real `paperbot serve` process (env only) against the fake Discord and a fake model that writes slowly: the
 * deferred reply shows the summary while it is written (issue 16, item 4), then the embeds once, within 5 edits in 5 s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, waitFor, type FakeDiscord, type RestCall } from '../helpers/fake-discord.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';
import { acceptedEdits, bodyOf, mostInWindow } from '../helpers/discord-harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { REPO_ROOT, startServe, tempDir } from '../helpers/run-cli.ts';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'sample-paper.pdf');
const content = (c: RestCall) => String(bodyOf(c).content ?? '');
const hasEmbeds = (c: RestCall) => ((bodyOf(c).embeds as unknown[] | undefined) ?? []).length > 0;

describe('paperbot serve streams a summary into Discord', () => {
  let discord: FakeDiscord;
  let model: FakeOpenAi;
  beforeAll(async () => {
    discord = await startFakeDiscord();
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
    // About 6.5 s of writing: the edit budget (5 in 5 s) is shared with the progress edits ("Reading…",
    // "Summarizing…"), which on a loaded machine come right before the stream; 4 s once left room for one draft only.
    model.streaming = { chunkChars: 3, paceMs: 40, usage: true };
  });
  afterAll(async () => {
    await discord.close();
    await model.close();
  });

  it('edits the deferred reply with the summary being written before the final embeds', async () => {
    const dir = tempDir('paperbot-discord-stream-');
    const env = {
      DISCORD_TOKEN: 'test-discord-token',
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_MODEL: 'local-model',
      CACHE_URL: 'memory:',
      SUMMARY_LANGUAGE: 'en',
    };
    const bot = await startServe(env, { cwd: dir, ready: 'health check at', first: () => discord.waitForReady() });
    try {
      const pdf = new Uint8Array(readFileSync(SAMPLE));
      const url = discord.serveCdn('attachments/16/19/paper.pdf', { body: pdf, contentType: 'application/pdf' });
      const ia = slashCommand(discord.appId, { pdf: attachment(url, 'paper.pdf', pdf.length) });
      discord.dispatch('INTERACTION_CREATE', ia);
      await waitFor('the summary embeds', () => acceptedEdits(discord, ia.token).some(hasEmbeds), 40_000);
      await new Promise((r) => setTimeout(r, 1500));

      expect(model.requests[0]!.body.stream).toBe(true);
      const edits = acceptedEdits(discord, ia.token);
      const drafts = edits.filter((c) => !hasEmbeds(c) && content(c).startsWith('1. Title:'));
      expect(drafts.length).toBeGreaterThanOrEqual(2);
      expect(edits.filter(hasEmbeds)).toHaveLength(1);
      expect(hasEmbeds(edits.at(-1)!)).toBe(true);
      expect(edits.indexOf(drafts.at(-1)!)).toBeLessThan(edits.length - 1);
      expect(JSON.stringify(bodyOf(edits.at(-1)!).embeds)).toContain('section-aware budgeting');
      // Counted where the edits arrive: on a loaded machine two edits sent 5 s apart can arrive a few hundred ms
      // closer, so the window checked is 4.5 s (the pacer itself spaces them by 5.25 s; test/adapters/discord covers it).
      expect(mostInWindow(discord.callsFor(ia.token).filter((c) => c.method === 'PATCH'), 4500)).toBeLessThanOrEqual(5);
    } finally {
      await bot.stop();
    }
  });
});
