/** The weekly digest as one Discord embed in the channel: title + one line + link per paper, within the limits. */
import type { DigestPoster } from '../../core/history/digest-scheduler.ts';
import { digestHeading } from '../../core/history/digest.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { clip, neutralize } from './neutralize.ts';

export function discordDigestPoster(poster: ChannelPoster): DigestPoster {
  return async (sub, period, lines) => {
    const items = lines.map((l) => {
      const title = clip(neutralize(l.title), 200);
      const head = l.threadUrl ? `**[${title.replace(/[[\]]/g, '')}](${l.threadUrl})**` : `**${title}**`;
      return `${head}\n${clip(neutralize(l.line), 300)}`;
    });
    await poster.post(sub.channel, {
      content: '',
      embeds: [{ title: clip(digestHeading(period, lines.length, sub.language), DISCORD_LIMITS.embedTitle), description: clip(items.join('\n\n'), DISCORD_LIMITS.embedDescription) }],
    });
  };
}
