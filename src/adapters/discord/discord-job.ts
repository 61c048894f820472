/**
 * A Discord summary job as the queue keeps it: plain JSON with everything needed to do it again after a restart and
 * to answer where it was asked: the deferred interaction reply (application id + token, valid 15 minutes from
 * `arrivedAt`; later the answer goes to the channel) or the placeholder message of an auto-summarized PDF.
 */
import type { Engine, Language } from '../../core/types.ts';
import type { AttachmentLike } from './download-attachment.ts';
import type { SourceRef } from './source-ref.ts';

/** The queue's name for Discord jobs. */
export const DISCORD_JOB_KIND = 'discord';

export type DiscordReplyTo =
  | {
      kind: 'interaction';
      interactionId: string;
      applicationId: string;
      /** The interaction token: edits the deferred reply for 15 minutes after `arrivedAt`. */
      token: string;
      arrivedAt: number;
      channelId: string | null;
      /** The message a late answer replies to in the channel. */
      replyTo?: string | undefined;
    }
  | { kind: 'channel'; channelId: string; messageId: string };

export interface DiscordJobPayload {
  platform: 'discord';
  language: Language;
  engine: Engine;
  bypassCache?: boolean;
  /** Where the paper came from (also what the Regenerate / language buttons carry). */
  ref: SourceRef;
  /** The attachment as the event described it (fresh CDN link, content type); a replay of a message ref fetches it again. */
  attachment?: AttachmentLike;
  /** For the log: a file name or a link. */
  describe: string;
  reply: DiscordReplyTo;
  /** The server (null in a DM): the channel's paper history is kept per server. */
  guildId?: string | null;
}
