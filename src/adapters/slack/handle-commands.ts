/** Slash commands: `/papers [search <words> | digest on|off]` (private answers) and `/summarize <link> [en|zh]`. */
import type { App } from '@slack/bolt';
import { DIGEST_WORDS, digestSwitch } from '../common/digest-words.ts';
import { listPapers, PAPERS_WORDS } from '../common/papers-list.ts';
import { jobPayload, teamOf, type SlackContext } from './context.ts';
import { escapeSlack } from './escape.ts';
import { parseMention } from './mention-input.ts';
import { renderPapers } from './render-papers.ts';
import { SLACK_WORDS } from './words.ts';

export function registerCommands(app: App, ctx: SlackContext): void {
  // `/papers [search <words>]`: the channel's papers, privately (the history never crosses workspaces).
  app.command('/papers', async ({ command, ack, context }) => {
    const language = ctx.defaultLanguage;
    const digest = digestSwitch(command.text ?? '');
    if (digest !== null) {
      if (!ctx.digests) {
        await ack({ response_type: 'ephemeral', text: DIGEST_WORDS[language].unavailable });
        return;
      }
      await ctx.digests.set({ platform: 'slack', workspace: teamOf(context), channel: command.channel_id, language }, digest);
      await ack({ response_type: 'ephemeral', text: DIGEST_WORDS[language][digest ? 'on' : 'off'] });
      return;
    }
    const search = (command.text ?? '').trim().replace(/^search\s+/i, '').trim() || null;
    if (!ctx.history) {
      await ack({ response_type: 'ephemeral', text: PAPERS_WORDS[language].unavailable });
      return;
    }
    const items = await listPapers(ctx.history, ctx.cache, { platform: 'slack', workspace: teamOf(context), channel: command.channel_id }, search);
    await ack({ response_type: 'ephemeral', ...renderPapers(items, search, language) });
  });

  // `/summarize <arXiv id, DOI or PDF link> [en|zh]`: a visible message in the channel, answered in its thread.
  app.command('/summarize', async ({ command, ack, client, respond, context }) => {
    const { input, language: asked } = parseMention(command.text ?? '');
    const language = asked ?? ctx.defaultLanguage;
    if (!input) {
      await ack({ response_type: 'ephemeral', text: SLACK_WORDS.commandUsage[language] });
      return;
    }
    await ack();
    ctx.background(`/summarize ${input}`, async () => {
      let ts: string | undefined;
      try {
        ts = (await client.chat.postMessage({ channel: command.channel_id, text: `<@${command.user_id}> /summarize ${escapeSlack(input)}` })).ts;
      } catch (err) {
        ctx.logger.warn(`/summarize could not post in ${command.channel_id}: ${(err as Error).message}`);
        await respond({ response_type: 'ephemeral', text: SLACK_WORDS.notInChannel[language] });
        return;
      }
      if (ts) await ctx.submit(command.user_id, jobPayload(ctx, teamOf(context), { channel: command.channel_id, ts }, language, { kind: 'link', input }));
    });
  });
}
