/** One outgoing message in a platform-neutral shape, and its two wire forms (discord.js options, raw REST). */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, InteractionEditReplyOptions } from 'discord.js';
import { DISCORD_LIMITS } from './limits.ts';
import { clip, neutralize } from './neutralize.ts';

export interface Outgoing {
  /** Plain text (neutralized and clipped to 2,000 here); '' clears earlier progress text. */
  content: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
  files?: Array<{ name: string; data: Buffer }>;
}

/** Nobody is ever pinged by anything the bot sends. */
export const NO_MENTIONS = { parse: [] as [] };

export function safeContent(text: string): string {
  return clip(neutralize(text), DISCORD_LIMITS.content);
}

export function toEditReply(o: Outgoing): InteractionEditReplyOptions {
  return {
    content: safeContent(o.content),
    ...(o.embeds ? { embeds: o.embeds } : {}),
    ...(o.components ? { components: o.components } : {}),
    ...(o.files ? { files: o.files.map((f) => ({ attachment: f.data, name: f.name })) } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** Body and files for `POST/PATCH /channels/{id}/messages[/{id}]` through @discordjs/rest. */
export function toRestMessage(o: Outgoing, replyTo?: string): { body: Record<string, unknown>; files?: Array<{ name: string; data: Buffer }> } {
  return {
    body: {
      content: safeContent(o.content),
      ...(o.embeds ? { embeds: o.embeds } : {}),
      ...(o.components ? { components: o.components } : {}),
      ...(o.files ? { attachments: o.files.map((f, i) => ({ id: i, filename: f.name })) } : {}),
      allowed_mentions: NO_MENTIONS,
      ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
    },
    ...(o.files ? { files: o.files } : {}),
  };
}
