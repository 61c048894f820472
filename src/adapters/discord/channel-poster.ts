/**
 * Sends and edits channel messages over the REST API (not through cached channel objects: with only the Guilds
 * intent and no guild cache, interaction.channel may be null). Used for auto-summarized PDFs and for summaries that
 * finish after the interaction token has expired.
 */
import { Routes, type REST } from 'discord.js';
import { toRestMessage, type Outgoing } from './outgoing.ts';

export interface ChannelPoster {
  post(channelId: string, message: Outgoing, replyTo?: string): Promise<{ id: string }>;
  edit(channelId: string, messageId: string, message: Outgoing): Promise<void>;
}

export function createChannelPoster(rest: REST): ChannelPoster {
  return {
    async post(channelId, message, replyTo) {
      const { body, files } = toRestMessage(message, replyTo);
      const sent = (await rest.post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}) })) as { id: string };
      return { id: sent.id };
    },
    async edit(channelId, messageId, message) {
      const { body, files } = toRestMessage(message);
      await rest.patch(Routes.channelMessage(channelId, messageId), { body, ...(files ? { files } : {}) });
    },
  };
}
