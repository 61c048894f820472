/**
 * `/ask question:<text> paper:<words from the title>`: answered from the paper's own text with page citations. The
 * paper is the latest one summarized in this channel, or the best match for `paper` among them (never another
 * server's). Quick, so not queued; the reply is deferred first and public, so the channel sees the answer. A question
 * the model answers is charged to the asker's spending caps first (over a cap: the words say when it resets). The
 * answer shows in the reply while the model writes it (paced like a summary, reply-lane.ts), then the embed once.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import { answerQuestion } from '../../core/qa/answer-question.ts';
import { loadPaperIndex } from '../../core/qa/paper-index-store.ts';
import { failureWords } from '../common/limit-words.ts';
import { PAPERS_WORDS } from '../common/papers-list.ts';
import { questionLanguage } from '../common/thread-papers.ts';
import { OPTION_NAMES } from './commands.ts';
import { replyEphemeral, type BotContext } from './context.ts';
import { clip } from './neutralize.ts';
import { NO_MENTIONS, safeContent } from './outgoing.ts';
import { discordQuotaSubject, quotaPlace } from './quota-subject.ts';
import { renderAnswerEmbed } from './render-answer.ts';
import { draftContent } from './render-draft.ts';
import { createReplyLane } from './reply-lane.ts';
import { progressText } from './words.ts';

export async function handleAsk(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const question = interaction.options.getString(OPTION_NAMES.question, true).trim();
  const which = interaction.options.getString(OPTION_NAMES.paper)?.trim() || null;
  const language = questionLanguage(question);
  const w = PAPERS_WORDS[language];
  if (!ctx.qa || !ctx.history) return replyEphemeral(interaction, w.unavailable);
  const scope = { platform: 'discord' as const, workspace: interaction.guildId ?? 'dm', channel: interaction.channelId };
  const [entry] = which ? await ctx.history.search(scope, which, 1) : await ctx.history.recent(scope, 1);
  if (!entry) return replyEphemeral(interaction, which ? w.noPaperMatch(which) : w.noPaperToAsk);
  await interaction.deferReply();
  const lane = createReplyLane({ log: ctx.log });
  const edit = async (content: string) => void (await interaction.editReply({ content, allowedMentions: NO_MENTIONS }));
  // The raw answer so far (citations are checked once it is complete); a stream that starts over shows "working" again.
  const onText = (text: string) => lane.draft(text ? draftContent(`${text} …`) : progressText({ stage: 'start' }, language), edit);
  try {
    const index = await loadPaperIndex(ctx.qa.cache, entry.sha256, ctx.qa.codeVersion);
    if (!index) {
      await interaction.editReply({ content: safeContent(w.gone), allowedMentions: NO_MENTIONS });
      return;
    }
    const quota = ctx.qa.quota;
    const who = discordQuotaSubject(`discord:${interaction.user.id}`, interaction.guildId);
    const answer = await answerQuestion(ctx.qa.deps, index, question, language, { ...(quota ? { beforeModel: () => quota.charge(who) } : {}), onText });
    const embed = { ...renderAnswerEmbed(answer, language, ctx.qa.deps.model?.name ?? null, question), author: { name: clip(w.about(entry.title), 256) } };
    await lane.last(() => interaction.editReply({ content: '', embeds: [embed], allowedMentions: NO_MENTIONS }));
  } catch (err) {
    ctx.log.warn(`answering /ask failed: ${(err as Error).message}`);
    const words = safeContent(`❌ ${failureWords(err, language, quotaPlace(interaction.guildId)).message}`);
    await lane.last(() => interaction.editReply({ content: words, embeds: [], allowedMentions: NO_MENTIONS })).catch(() => {});
  }
}
