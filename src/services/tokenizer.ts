/** Tokenizer on gpt-tokenizer (o200k_base, the encoding of current OpenAI models; close enough for others). */
import { countTokens } from 'gpt-tokenizer';
import type { Tokenizer } from '../core/ports.ts';

export function createTokenizer(): Tokenizer {
  // Special-token strings inside paper text are plain text to us, never control tokens.
  return { count: (text: string) => countTokens(text.replaceAll('<|', '< |')) };
}
