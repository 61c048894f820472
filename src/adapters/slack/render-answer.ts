/**
 * A question answered in a summary's thread, as Slack mrkdwn: the answer with its `[p. N]` citations, or the closest
 * passages quoted with their pages, or plainly that the paper does not answer it. All text from the paper or the
 * model is escaped, so nothing in it can ping or form a link.
 */
import type { QaResult } from '../../core/qa/answer-question.ts';
import type { Language } from '../../core/types.ts';
import { escapeSlack } from './escape.ts';
import { SLACK_LIMITS, shorten, type Block } from './render-blocks.ts';

const WORDS = {
  en: {
    sources: 'Sources in the paper',
    closest: 'The closest passages in the paper:',
    notFound: 'The paper does not seem to answer this. Try other words, or ask about something the paper covers.',
    modelDown: 'The model is unavailable right now, so here are the passages that match your question best.',
    by: (model: string | null) => (model ? `answered from the paper by ${model}` : 'passages found in the paper, no model used'),
  },
  zh: {
    sources: '论文出处',
    closest: '论文中最相关的段落：',
    notFound: '这篇论文似乎没有回答这个问题。可以换个说法，或者问论文涉及的内容。',
    modelDown: '模型暂时不可用，下面是与问题最相关的段落。',
    by: (model: string | null) => (model ? `由 ${model} 根据论文回答` : '论文中找到的段落（未使用模型）'),
  },
} as const;

const PASSAGE_MAX = 500;

export interface RenderedAnswer {
  text: string;
  blocks: Block[];
}

const pageList = (pages: number[]) => pages.map((p) => `p. ${p}`).join(', ');

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
