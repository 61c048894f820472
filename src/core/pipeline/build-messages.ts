/** Turns the prompt files and the budgeted paper text into chat messages. */
import type { ChatMessage } from '../ports.ts';
import type { Language } from '../types.ts';

type PerLanguage = Record<Language, string>;

export interface PromptSet {
  /** Hash of the prompt files; part of the cache key. */
  version: string;
  system: string;
  instruction: PerLanguage;
  format: PerLanguage;
  example: PerLanguage;
  repair: PerLanguage;
  /** Appended to a fresh request when the first answer was no summary at all. */
  retry: PerLanguage;
}

const EXAMPLE_INTRO: PerLanguage = {
  zh: '下面是另一篇论文（不是本文）的正确回答示例，只用来说明格式：',
  en: 'Here is an example of a correct answer for a different paper (not this one), to show the format only:',
};

/** The paper is data: a closing tag inside it must not end the block early. */
function fence(paperText: string): string {
  return `<paper>\n${paperText.replace(/<\/?paper>/gi, (m) => m.replace('<', '‹'))}\n</paper>`;
}

export function buildSummaryMessages(prompts: PromptSet, paperText: string, language: Language): ChatMessage[] {
  const instruction = prompts.instruction[language].replace('{{format}}', prompts.format[language]);
  const example = `${EXAMPLE_INTRO[language]}\n<example>\n${prompts.example[language]}\n</example>`;
  return [
    { role: 'system', content: prompts.system },
    { role: 'user', content: `${fence(paperText)}\n\n${instruction}\n\n${example}` },
  ];
}

/** The one follow-up request: the first exchange plus a request for the missing items only. */
export function buildRepairMessages(
  prompts: PromptSet,
  first: ChatMessage[],
  firstReply: string,
  missingLabels: string[],
  language: Language,
): ChatMessage[] {
  const ask = prompts.repair[language].replace('{{missing}}', missingLabels.join(language === 'zh' ? '、' : ', '));
  return [...first, { role: 'assistant', content: firstReply }, { role: 'user', content: ask }];
}

/**
 * The one follow-up after an answer that was no summary (refusal, empty, filtered, blank template): the same request
 * again with a reminder of the task. The refusal is not replayed as the model's own turn, which would invite it to
 * stay consistent with itself.
 */
export function buildRetryMessages(prompts: PromptSet, first: ChatMessage[], language: Language): ChatMessage[] {
  const last = first.at(-1);
  if (!last || last.role !== 'user') return [...first, { role: 'user', content: prompts.retry[language] }];
  return [...first.slice(0, -1), { role: 'user', content: `${last.content}\n\n${prompts.retry[language]}` }];
}
