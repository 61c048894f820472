/**
 * A question answered in a summary's thread. The model's answer, with its `[p. N]` citations, is a Block Kit
 * `markdown` block, so the Markdown the model writes (bold, lists, code, quotes) shows as Markdown; the closest
 * passages quoted with their pages, and the plain word that the paper does not answer, stay mrkdwn. All text from the
 * paper or the model is escaped (escape.ts), so nothing in it can ping or hide a link; the top-level `text` is a plain
 * fallback for notifications and clients without blocks.
 */
import type { QaResult } from '../../core/qa/answer-question.ts';
import type { Language } from '../../core/types.ts';
import { ANSWER_WORDS as WORDS, pageList } from '../common/answer-words.ts';
import { escapeSlack, escapeSlackMarkdown, unmaskLinks } from './escape.ts';
import { SLACK_LIMITS, shorten, type Block } from './render-blocks.ts';


const PASSAGE_MAX = 500;
/** A `markdown` block's `text`: at most 12,000 characters (Slack's limit). */
export const MARKDOWN_BLOCK_MAX = 12_000;

export interface RenderedAnswer {
  text: string;
  blocks: Block[];
}

/** Cuts escaped Markdown to `max` characters with "…"; a code fence the cut leaves open is closed after it. */
function shortenMarkdown(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const closeFence = '\n```';
  const cut = shorten(escaped, max - closeFence.length);
  const fences = cut.match(/^[ \t]{0,3}```/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${cut}${closeFence}` : cut;
}

/** The answer as plain text for `text` (links as `label (url)`, no bold, strike-through, heading or fence marks). */
function plainAnswer(markdown: string): string {
  const plain = unmaskLinks(markdown)
    .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]{0,3}```.*\n?/gm, '');
  return escapeSlack(plain);
}

export function renderAnswer(a: QaResult, language: Language, model: string | null): RenderedAnswer {
  const w = WORDS[language];
  if (a.kind === 'not_found') {
    return { text: w.notFound, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeSlack(w.notFound) } }] };
  }
  if (a.kind === 'answer') {
    const context = escapeSlack(`${w.sources}: ${pageList(a.pages)} · ${w.by(model)}`);
    // The body and the context line together stay within the message's block-text budget too.
    const body = shortenMarkdown(escapeSlackMarkdown(a.text), Math.min(MARKDOWN_BLOCK_MAX, SLACK_LIMITS.totalBlockChars - context.length));
    return {
      text: shorten(plainAnswer(a.text), SLACK_LIMITS.fallbackText),
      blocks: [
        { type: 'markdown', text: body },
        { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
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
