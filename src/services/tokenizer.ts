/** Tokenizer on gpt-tokenizer (o200k_base, the encoding of current OpenAI models; close enough for others). */
import { createRequire } from 'node:module';
import type { Tokenizer } from '../core/ports.ts';

type CountTokens = (text: string) => number;

export function createTokenizer(): Tokenizer {
  // Loaded on first use (~200 ms of encoding tables): the extractive engine and --help never count tokens.
  let countTokens: CountTokens | undefined;
  return {
    count(text: string) {
      countTokens ??= (createRequire(import.meta.url)('gpt-tokenizer') as { countTokens: CountTokens }).countTokens;
      // Special-token strings inside paper text are plain text to us, never control tokens.
      return countTokens(text.replaceAll('<|', '< |'));
    },
  };
}
