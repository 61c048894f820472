/**
 * The message command "Summarize paper": the first PDF attachment of the target message, else the first paper link
 * in its text. Nothing to summarize, or a PDF over the limit, is answered privately at once.
 */
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { describeError } from '../../core/error-messages.ts';
import { deferredTarget, replyEphemeral, type BotContext } from './context.ts';
import { checkAnnouncedSize, isPdfAttachment } from './download-attachment.ts';
import { findPaperLink } from './find-paper-link.ts';
import { attachmentLoader, linkLoader } from './paper-loaders.ts';
import { runJob } from './run-job.ts';
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
  const target = deferredTarget(ctx, interaction, arrivedAt, language, message.id);
  const job = pdf
    ? {
        language,
        engine: ctx.engine,
        ref: { kind: 'message' as const, channelId: message.channelId, messageId: message.id, attachmentId: pdf.id },
        load: attachmentLoader({ url: pdf.url, name: pdf.name, size: pdf.size, contentType: pdf.contentType }, ctx.loaders),
      }
    : { language, engine: ctx.engine, ref: { kind: 'link' as const, input: link! }, load: linkLoader(link!, ctx.loaders) };
  ctx.background(`Summarize paper on ${message.id}`, () => runJob(job, target, ctx.job, pdf ? pdf.name : link!));
}
