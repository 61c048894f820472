/**
 * A question answered in a summary's thread, as Slack mrkdwn: the answer with its `[p. N]` citations, or the closest
 * passages quoted with their pages, or plainly that the paper does not answer it. All text from the paper or the
 * model is escaped, so nothing in it can ping or form a link.
 */
import type { QaResult } from '../../core/qa/answer-question.ts';
import type { Language } from '../../core/types.ts';
import { ANSWER_WORDS as WORDS, pageList } from '../common/answer-words.ts';
import { escapeSlack } from './escape.ts';
import { SLACK_LIMITS, shorten, type Block } from './render-blocks.ts';


const PASSAGE_MAX = 500;

export interface RenderedAnswer {
  text: string;
  blocks: Block[];
}

export function renderAnswer(a: QaResult, language: Language, model: string | null): RenderedAnswer {
  const w = WORDS[language];
  if (a.kind === 'not_found') {
    return { text: w.notFound, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(w.notFound) } }] };
  }
  if (a.kind === 'answer') {
    const body = shorten(escapeSlack(a.text), SLACK_LIMITS.sectionText);
    return {
      text: shorten(escapeSlack(a.text), 3000),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: body } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(`${w.sources}: ${pageList(a.pages)} · ${w.by(model)}`) }] },
      ],
    };
  }
  const intro = a.modelError ? `${w.modelDown}\n${w.closest}` : w.closest;
  const quotes = a.passages.map((p) => `>*[p. ${p.page}]* ${shorten(escapeSlack(p.text.replace(/\s+/g, ' ')), PASSAGE_MAX)}`);
  return {
    text: `${intro} ${pageList(a.pages)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(intro) } },
      ...quotes.map((q): Block => ({ type: 'section', text: { type: 'mrkdwn', text: q } })),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(`${w.sources}: ${pageList(a.pages)} · ${w.by(null)}`) }] },
    ],
  };
}
