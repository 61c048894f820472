/** `/papers` for Slack: the channel's papers (or a search) as mrkdwn blocks, every piece of paper text escaped. */
import type { Language } from '../../core/types.ts';
import { feedbackLine, PAPERS_WORDS, type PaperListItem } from '../common/papers-list.ts';
import { escapeSlack, slackLink } from './escape.ts';
import { shorten, type Block } from './render-blocks.ts';

export function renderPapers(items: PaperListItem[], search: string | null, language: Language): { text: string; blocks: Block[] } {
  const w = PAPERS_WORDS[language];
  if (items.length === 0) {
    const text = search ? w.noMatch(search) : w.none;
    return { text: escapeSlack(text), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(text) } }] };
  }
  const heading = search ? w.search(search) : w.recent;
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(heading)}*` } }];
  items.forEach((e, i) => {
    const title = shorten(escapeSlack(e.title), 200);
    const linked = e.threadUrl ? slackLink(e.threadUrl, e.title.slice(0, 200)) : title;
    const date = new Date(e.sharedAt).toISOString().slice(0, 10);
    const votes = feedbackLine(e, { up: ':+1:', down: ':-1:', again: ':arrows_counterclockwise:' });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${i + 1}.* ${linked} — ${date}${votes}\n${shorten(escapeSlack(e.line), 400)}` } });
  });
  return { text: escapeSlack(heading), blocks };
}
