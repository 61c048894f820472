/**
 * Optional allow-lists: with SLACK_ALLOWED_CHANNELS the Slack app works only in those channels (events elsewhere are
 * ignored, commands elsewhere refused privately); with DISCORD_ALLOWED_GUILDS the Discord bot answers other servers
 * with a private "not enabled here" and does nothing else. Real Bolt and discord.js against the local fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSignedForm } from '../helpers/fake-slack.ts';
import { SIGNING_SECRET, TEAM_ID, fileShareEvent, pdfFile, reactions, useSlackHarness } from '../helpers/slack-harness.ts';
import { bodyOf, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.ts';
import { GUILD_ID, chatCommand, slashCommand } from '../helpers/discord-interactions.ts';
import { waitFor } from '../helpers/fake-slack.ts';

describe('SLACK_ALLOWED_CHANNELS', () => {
  const h = useSlackHarness({ settings: { allowedChannels: ['C0ALLOWED'] } });

  it('summarizes in an allowed channel and ignores a PDF shared anywhere else', async () => {
    const elsewhere = fileShareEvent('C0ELSEWHERE', pdfFile(h().slack, 'F0ELSE'));
    await h().send(elsewhere);
    expect(await h().settled(elsewhere.event_id)).toEqual(['ignored']);
    expect(h().slack.callsIn('C0ELSEWHERE')).toEqual([]);
    expect(h().slack.downloads.some((d) => d.path.includes('F0ELSE'))).toBe(false);

    const allowed = fileShareEvent('C0ALLOWED', pdfFile(h().slack, 'F0OK'));
    await h().send(allowed);
    expect(await h().settled(allowed.event_id)).toEqual(['queued']);
    expect(reactions(h().slack.callsIn('C0ALLOWED'))).toEqual(['eyes', 'white_check_mark']);
  });

  it('refuses a command from another channel privately', async () => {
    const res = await postSignedForm(h().eventsUrl, SIGNING_SECRET, {
      token: 'legacy', team_id: TEAM_ID, channel_id: 'C0ELSEWHERE', user_id: 'U0HUMAN', command: '/summarize', text: '2401.00001',
      response_url: `${h().slack.origin}/respond/allow`, trigger_id: '1.2', api_app_id: 'A000FAKE',
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/not enabled in this channel/);
    expect(h().slack.callsIn('C0ELSEWHERE')).toEqual([]);
  });
});

describe('DISCORD_ALLOWED_GUILDS', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ bot: {}, settings: { allowedGuilds: [GUILD_ID] } });
  });
  afterAll(() => h?.close());

  it('answers another server with a private "not enabled" and nothing else; its own server works', async () => {
    const other = slashCommand(h.fake.appId, { url: '2401.00001' });
    Object.assign(other, { guild_id: '1300000000000000099' });
    h.fake.dispatch('INTERACTION_CREATE', other);
    await waitFor('the refusal', () => h.fake.callsFor(other.token)[0]);
    await h.bot.idle();
    const calls = h.fake.callsFor(other.token);
    expect(calls).toHaveLength(1);
    const refusal = bodyOf(calls[0]!) as { type: number; data: { content: string; flags: number } };
    expect(refusal.type).toBe(4);
    expect(refusal.data.flags & 64).toBe(64);
    expect(refusal.data.content).toMatch(/not enabled on this server/);

    const own = chatCommand(h.fake.appId, 'papers', {});
    h.fake.dispatch('INTERACTION_CREATE', own);
    await waitFor('the answer', () => h.fake.callsFor(own.token)[0]);
    expect(String((bodyOf(h.fake.callsFor(own.token)[0]!) as { data: { content: string } }).data.content)).not.toMatch(/not enabled/);
  });
});
