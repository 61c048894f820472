/**
 * `/summarize pdf:<file> url:<link> language:<zh|en>`. Everything that can be refused without downloading is
 * answered at once and privately (no option, a link that is not one, a file over the size limit as announced in the
 * payload); otherwise the reply is deferred before any work and the job runs in the background.
 */
import type { ChatInputCommandInteraction } from 'discord.js';
import { describeError } from '../../core/error-messages.ts';
import { resolveInput } from '../../core/input/resolve-input.ts';
import type { Language } from '../../core/types.ts';
import { OPTION_NAMES } from './commands.ts';
import { replyEphemeral, type BotContext } from './context.ts';
import { checkAnnouncedSize } from './download-attachment.ts';
import { interactionReply } from './discord-jobs.ts';
import type { SourceRef } from './source-ref.ts';
import { WORDS } from './words.ts';

/** Null when the text is fine to fetch, else the words saying why not. */
function refuseLink(input: string, language: Language): string | null {
  try {
    return resolveInput(input).kind === 'url' ? null : WORDS.usage[language];
  } catch (err) {
    return describeError(err).message;
  }
}

export async function handleSummarize(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const arrivedAt = ctx.now();
  const pdf = interaction.options.getAttachment(OPTION_NAMES.pdf);
  const url = interaction.options.getString(OPTION_NAMES.url)?.trim() || null;
  const asked = interaction.options.getString(OPTION_NAMES.language);
  const language: Language = asked === 'en' || asked === 'zh' ? asked : ctx.defaultLanguage;

  if (!pdf && !url) return replyEphemeral(interaction, WORDS.usage[language]);
  let ref: SourceRef;
  if (pdf) {
    try {
      checkAnnouncedSize(pdf, ctx.maxPdfBytes);
    } catch (err) {
      return replyEphemeral(interaction, `❌ ${describeError(err).message}`);
    }
    ref = { kind: 'upload', url: pdf.url, name: pdf.name, size: pdf.size };
  } else {
    const refused = refuseLink(url!, language);
    if (refused) return replyEphemeral(interaction, refused);
    ref = { kind: 'link', input: url! };
  }

  await interaction.deferReply();
  await ctx.submit(
    {
      platform: 'discord',
      language,
      engine: ctx.engine,
      ref,
      ...(pdf ? { attachment: { url: pdf.url, name: pdf.name, size: pdf.size, contentType: pdf.contentType } } : {}),
      describe: `/summarize ${pdf ? pdf.name : url}`,
      reply: interactionReply(interaction, arrivedAt),
    },
    { user: interaction.user.id, channel: interaction.channelId ?? interaction.id },
    interaction,
  );
}
