/**
 * The message command "Summarize paper": the first PDF attachment of the target message, else the first paper link
 * in its text. Nothing to summarize, or a PDF over the limit, is answered privately at once.
 */
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { describeError } from '../../core/error-messages.ts';
import { replyEphemeral, type BotContext } from './context.ts';
import { checkAnnouncedSize, isPdfAttachment } from './download-attachment.ts';
import { findPaperLink } from './find-paper-link.ts';
import { interactionReply } from './discord-jobs.ts';
import { WORDS } from './words.ts';

export async function handleContextMenu(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const arrivedAt = ctx.now();
  const message = interaction.targetMessage;
  const language = ctx.defaultLanguage;
  const pdf = [...message.attachments.values()].find((a) => isPdfAttachment({ name: a.name, contentType: a.contentType }));
  const link = pdf ? null : findPaperLink(message.content ?? '');
  if (!pdf && !link) return replyEphemeral(interaction, WORDS.nothingInMessage[language]);
  if (pdf) {
    try {
      checkAnnouncedSize(pdf, ctx.maxPdfBytes);
    } catch (err) {
      return replyEphemeral(interaction, `❌ ${describeError(err).message}`);
    }
  }

  await interaction.deferReply();
  await ctx.submit(
    {
      platform: 'discord',
      language,
      engine: ctx.engine,
      ...(pdf
        ? {
            ref: { kind: 'message' as const, channelId: message.channelId, messageId: message.id, attachmentId: pdf.id },
            attachment: { url: pdf.url, name: pdf.name, size: pdf.size, contentType: pdf.contentType },
          }
        : { ref: { kind: 'link' as const, input: link! } }),
      describe: `Summarize paper on ${message.id} (${pdf ? pdf.name : link})`,
      reply: interactionReply(interaction, arrivedAt, message.id),
    },
    { user: interaction.user.id, channel: interaction.channelId ?? message.channelId },
    interaction,
  );
}
