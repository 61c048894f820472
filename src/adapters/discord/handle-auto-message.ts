/**
 * Opt-in (DISCORD_AUTO_CHANNELS, needs the privileged Message Content intent): a PDF dropped in one of those channels
 * is summarized in a reply to its message, one reply per attachment, each message answered once per process.
 */
import type { Message } from 'discord.js';
import { describeError } from '../../core/error-messages.ts';
import type { BotContext } from './context.ts';
import { checkAnnouncedSize, isPdfAttachment } from './download-attachment.ts';
import { progressText } from './words.ts';

export function handleAutoMessage(message: Message, ctx: BotContext, channels: ReadonlySet<string>, seen: Set<string>): number {
  if (message.author?.bot || !channels.has(message.channelId)) return 0;
  const pdfs = [...message.attachments.values()].filter((a) => isPdfAttachment({ name: a.name, contentType: a.contentType }));
  let queued = 0;
  for (const pdf of pdfs) {
    const key = `${message.id}:${pdf.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    queued++;
    const language = ctx.defaultLanguage;
    ctx.background(`auto summary of ${pdf.name}`, async () => {
      try {
        checkAnnouncedSize(pdf, ctx.maxPdfBytes);
      } catch (err) {
        await ctx.poster.post(message.channelId, { content: `❌ ${describeError(err).message}` }, message.id);
        return;
      }
      // The placeholder is posted first, so the persisted job knows which message to edit after a restart too.
      const placeholder = await ctx.poster.post(message.channelId, { content: progressText({ stage: 'start' }, language) }, message.id);
      await ctx.submit(
        {
          platform: 'discord',
          language,
          engine: ctx.engine,
          ref: { kind: 'message', channelId: message.channelId, messageId: message.id, attachmentId: pdf.id },
          attachment: { url: pdf.url, name: pdf.name, size: pdf.size, contentType: pdf.contentType },
          describe: `auto summary of ${pdf.name}`,
          reply: { kind: 'channel', channelId: message.channelId, messageId: placeholder.id },
        },
        { user: message.author?.id ?? '?', channel: message.channelId, guild: message.guildId },
      );
    });
  }
  return queued;
}
