/**
 * A question answered from the paper, as one Discord embed: the answer with its `[p. N]` citations (or the closest
 * passages as fields, or plainly that the paper does not answer it), the pages in the footer. Paper and model text
 * is neutralized; the caller still sends with allowedMentions parse [].
 */
import type { APIEmbed } from 'discord.js';
import type { QaResult } from '../../core/qa/answer-question.ts';
import type { Language } from '../../core/types.ts';
import { ANSWER_WORDS, pageList } from '../common/answer-words.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { clip, neutralize } from './neutralize.ts';

export function renderAnswerEmbed(a: QaResult, language: Language, model: string | null, question: string): APIEmbed {
  const w = ANSWER_WORDS[language];
  const title = clip(neutralize(question.replace(/\s+/g, ' ').trim()), DISCORD_LIMITS.embedTitle);
  if (a.kind === 'not_found') return { title, description: w.notFound };
  if (a.kind === 'answer') {
    return {
      title,
      description: clip(neutralize(a.text), DISCORD_LIMITS.embedDescription),
      footer: { text: clip(`${w.sources}: ${pageList(a.pages)} · ${w.by(model)}`, DISCORD_LIMITS.footerText) },
    };
  }
  return {
    title,
    description: a.modelError ? `${w.modelDown}\n${w.closest}` : w.closest,
    fields: a.passages.slice(0, 5).map((p) => ({ name: `p. ${p.page}`, value: clip(neutralize(p.text.replace(/\s+/g, ' ')), 900) })),
    footer: { text: clip(`${w.sources}: ${pageList(a.pages)} · ${w.by(null)}`, DISCORD_LIMITS.footerText) },
  };
}
