/** Loads the Q&A prompt (prompts/qa/): the system message and the per-language answer instruction. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { QaPrompts } from '../core/qa/answer-question.ts';
import { PROMPTS_DIR } from './prompt-files.ts';

export function loadQaPrompts(dir: string = path.join(PROMPTS_DIR, 'qa')): QaPrompts {
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8').trim();
  return { system: read('system.txt'), answer: { en: read('answer.en.txt'), zh: read('answer.zh.txt') } };
}
