/** What a user is told where an allow-list (SLACK_ALLOWED_CHANNELS, DISCORD_ALLOWED_GUILDS) keeps the bot quiet. */
import type { Language } from '../../core/types.ts';

export const NOT_ENABLED_HERE: Record<Language, { channel: string; server: string }> = {
  en: {
    channel: 'paperbot is not enabled in this channel. Ask an admin to add it to SLACK_ALLOWED_CHANNELS.',
    server: 'paperbot is not enabled on this server.',
  },
  zh: {
    channel: 'paperbot 未在本频道启用。请管理员将本频道加入 SLACK_ALLOWED_CHANNELS。',
    server: 'paperbot 未在此服务器启用。',
  },
};
