/** The Discord bot counts 👍 / 👎 votes and Regenerate clicks in the metrics it is given (served at GET /metrics). */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaperbotMetrics } from '../../../src/core/metrics/paperbot-metrics.ts';
import { createPromRegistry } from '../../../src/services/prom-registry.ts';
import { waitFor } from '../../helpers/fake-discord.ts';
import { attachment, buttonClick, slashCommand } from '../../helpers/discord-interactions.ts';
import { bodyOf, finalEdit, lastEdit, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

async function run(h: DiscordHarness, interaction: { token: string }, until: () => unknown) {
  h.fake.dispatch('INTERACTION_CREATE', interaction);
  await waitFor(`the answer to ${interaction.token}`, until);
  await h.bot.idle();
}

describe('Discord feedback metrics', () => {
  const metrics = createPaperbotMetrics(createPromRegistry());
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ bot: { metrics } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts a 👎, a 👍 and a Regenerate click by platform', async () => {
    const url = h.fake.serveCdn('attachments/9/1/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
    await run(h, ia, () => finalEdit(h.fake, ia.token));
    const final = finalEdit(h.fake, ia.token)!;
    const components = bodyOf(final).components as Array<{ components: Array<{ custom_id: string }> }>;
    const [regenerate, , up, down] = components[0]!.components.map((b) => b.custom_id) as [string, string, string, string];
    const message = { id: '1400000000000000009', content: '', embeds: bodyOf(final).embeds, components, author: { id: h.fake.botId, username: 'paperbot', discriminator: '0', avatar: null, bot: true }, type: 0, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false, flags: 0, timestamp: new Date().toISOString(), edited_timestamp: null };

    for (const id of [down, up]) {
      const v = buttonClick(h.fake.appId, id, message);
      await run(h, v, () => lastEdit(h.fake, v.token));
    }
    const r = buttonClick(h.fake.appId, regenerate, message);
    await run(h, r, () => finalEdit(h.fake, r.token));

    const text = await metrics.registry.render();
    expect(text).toContain('paperbot_feedback_votes_total{platform="discord",vote="down"} 1\n');
    expect(text).toContain('paperbot_feedback_votes_total{platform="discord",vote="up"} 1\n');
    expect(text).toContain('paperbot_regenerate_clicks_total{platform="discord"} 1\n');
  });
});
