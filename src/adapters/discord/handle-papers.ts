/** `/papers [search:<words>]`: the channel's recent papers, or a search over them, privately (no clutter in the channel). */
import { MessageFlags, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import { DIGEST_WORDS } from '../common/digest-words.ts';
import { feedbackLine, listPapers, PAPERS_WORDS, type PaperListItem } from '../common/papers-list.ts';
import { OPTION_NAMES } from './commands.ts';
import { replyEphemeral, type BotContext } from './context.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { clip, neutralize } from './neutralize.ts';
import { NO_MENTIONS } from './outgoing.ts';

function line(e: PaperListItem, i: number): string {
  const date = new Date(e.sharedAt).toISOString().slice(0, 10);
  const votes = feedbackLine(e, { up: '👍', down: '👎', again: '🔄' });
  const title = clip(neutralize(e.title), 200);
  const head = e.threadUrl ? `**${i + 1}. [${title.replace(/[[\]]/g, '')}](${e.threadUrl})**` : `**${i + 1}. ${title}**`;
  return `${head} — ${date}${votes}\n${clip(neutralize(e.line), 300)}`;
}

export async function handlePapers(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const search = interaction.options.getString(OPTION_NAMES.search)?.trim() || null;
  const language = ctx.defaultLanguage;
  const w = PAPERS_WORDS[language];
  const digest = interaction.options.getString(OPTION_NAMES.digest);
  if (digest === 'on' || digest === 'off') {
    if (!ctx.digests) return replyEphemeral(interaction, DIGEST_WORDS[language].unavailable);
    await ctx.digests.set({ platform: 'discord', workspace: interaction.guildId ?? 'dm', channel: interaction.channelId, language }, digest === 'on');
    return replyEphemeral(interaction, DIGEST_WORDS[language][digest]);
  }
  if (!ctx.history) return replyEphemeral(interaction, w.unavailable);
  const scope = { platform: 'discord' as const, workspace: interaction.guildId ?? 'dm', channel: interaction.channelId };
  const items = await listPapers(ctx.history, ctx.cache, scope, search);
  if (items.length === 0) return replyEphemeral(interaction, search ? w.noMatch(search) : w.none);
  const embed: APIEmbed = {
    title: clip(search ? w.search(neutralize(search)) : w.recent, DISCORD_LIMITS.embedTitle),
    description: clip(items.map(line).join('\n\n'), DISCORD_LIMITS.embedDescription),
  };
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
