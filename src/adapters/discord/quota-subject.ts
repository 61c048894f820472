/**
 * Who pays for a Discord request's model call: the user within the server (`discord:<user>@<server>`), and the server
 * (guild id). A direct message has no server: its daily cap is that person's own, so one person's DMs never use up
 * everybody else's.
 */
import type { QuotaSubject } from '../../core/quota/index.ts';
import type { QuotaPlace } from '../common/limit-words.ts';

/** `owner` is the platform-prefixed user (`discord:<id>`), as the job queue keeps it. */
export function discordQuotaSubject(owner: string, guildId: string | null | undefined): QuotaSubject {
  if (guildId) return { user: `${owner}@${guildId}`, workspace: `discord:${guildId}` };
  return { user: `${owner}@dm`, workspace: `discord:dm:${owner.startsWith('discord:') ? owner.slice('discord:'.length) : owner}` };
}

export const quotaPlace = (guildId: string | null | undefined): QuotaPlace => (guildId ? 'server' : 'dm');
