/**
 * The buttons under a summary, decoded from their custom_id alone (custom-id.ts), so they work after a restart:
 * Regenerate (bypasses the cache) and the other language answer with a new message replying to the summary;
 * 👍 / 👎 are stored with the summary in the cache and thanked privately.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Language } from '../../core/types.ts';
import { recordVote } from '../common/feedback-votes.ts';
import { replyEphemeral, type BotContext } from './context.ts';
import { parseCustomId } from './custom-id.ts';
import { NO_MENTIONS } from './outgoing.ts';
import { interactionReply } from './discord-jobs.ts';
import { resolveRefToken } from './source-ref.ts';
import { WORDS } from './words.ts';
import type { PaperbotMetrics } from '../../core/metrics/paperbot-metrics.ts';

const QUICK_MS = 2000;

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext, metrics?: PaperbotMetrics): Promise<void> {
  const arrivedAt = ctx.now();
  const action = parseCustomId(interaction.customId);
  if (!action) return;
  if (action.action === 'regenerate') metrics?.regenerateClicks.inc({ platform: 'discord' });
  const cache = ctx.cache;
  if (action.action === 'vote') {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (cache) {
      await recordVote(cache, action.sha256, action.language, `discord:${interaction.user.id}`, action.vote);
      metrics?.feedbackVotes.inc({ platform: 'discord', vote: action.vote });
    }
    await interaction.editReply({ content: WORDS.thanks[action.language], allowedMentions: NO_MENTIONS });
    return;
  }
  // A stored reference needs the cache; a slow store must not let the 3-second answer window pass.
  const lookup = resolveRefToken(action.refToken, cache);
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([lookup, new Promise<'slow'>((r) => (timer = setTimeout(() => r('slow'), QUICK_MS)))]).finally(() => clearTimeout(timer));
  if (quick === 'slow') await interaction.deferReply();
  const ref = quick === 'slow' ? await lookup : quick;
  if (!ref) {
    if (quick !== 'slow') return replyEphemeral(interaction, WORDS.unknownSource[action.language]);
    await interaction.editReply({ content: WORDS.unknownSource[action.language], allowedMentions: NO_MENTIONS });
    return;
  }
  const language: Language = action.action === 'regenerate' ? action.language : action.language === 'zh' ? 'en' : 'zh';
  if (quick !== 'slow') await interaction.deferReply();
  await ctx.submit(
    {
      platform: 'discord',
      language,
      engine: ctx.engine,
      ...(action.action === 'regenerate' ? { bypassCache: true } : {}),
      ref,
      describe: `${action.action} (${ref.kind})`,
      reply: interactionReply(interaction, arrivedAt, interaction.message.id),
    },
    { user: interaction.user.id, channel: interaction.channelId ?? interaction.message.channelId },
    interaction,
  );
}
