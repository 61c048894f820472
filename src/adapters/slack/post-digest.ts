/** The weekly digest as a Slack message in the channel (not a thread): heading, then title + one line + thread link. */
import type { webApi } from '@slack/bolt';
import type { DigestPoster } from '../../core/history/digest-scheduler.ts';
import { digestHeading } from '../../core/history/digest.ts';
import { escapeSlack, slackLink } from './escape.ts';
import { shorten, type Block } from './render-blocks.ts';

export function slackDigestPoster(client: webApi.WebClient): DigestPoster {
  return async (sub, period, lines) => {
    const heading = digestHeading(period, lines.length, sub.language);
    const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(heading)}*` } }];
    for (const l of lines.slice(0, 45)) {
      const title = l.threadUrl ? slackLink(l.threadUrl, l.title.slice(0, 200)) : shorten(escapeSlack(l.title), 200);
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `• ${title}\n${shorten(escapeSlack(l.line), 400)}` } });
    }
    await client.chat.postMessage({ channel: sub.channel, text: escapeSlack(heading), blocks, unfurl_links: false });
  };
}
