/** Sentence splitting and trimming to a token count, for English and Chinese text. */
import type { Tokenizer } from '../ports.ts';

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|Tab|No|Dr|Prof|approx|resp)\.)$/i;

/** Splits on sentence ends (. ! ? and 。！？), keeping the punctuation; tolerant of abbreviations. */
export function splitSentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return [];
  const out: string[] = [];
  let start = 0;
  // Chinese papers in math journals end sentences with "." after a CJK character.
  const re = /[。！？；]|(?<=[\u4e00-\u9fff])[.](?=\s|$)|[.!?](?=\s+[A-Z0-9“"(\[\u4e00-\u9fff]|$)/g;
  for (let m = re.exec(flat); m; m = re.exec(flat)) {
    const end = m.index + m[0].length;
    const candidate = flat.slice(start, end).trim();
    if (/[.]$/.test(candidate) && ABBREVIATIONS.test(candidate)) continue;
    if (candidate) out.push(candidate);
    start = end;
  }
  const rest = flat.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** The longest prefix of whole sentences within maxTokens (a cut sentence only if the first is too long). */
export function takeTokens(text: string, maxTokens: number, tokenizer: Tokenizer): { text: string; tokens: number } {
  if (maxTokens <= 0) return { text: '', tokens: 0 };
  const total = tokenizer.count(text);
  if (total <= maxTokens) return { text, tokens: total };
  const sentences = splitSentences(text);
  const parts: string[] = [];
  let used = 0;
  for (const s of sentences) {
    const t = tokenizer.count(s) + 1;
    if (used + t > maxTokens) {
      if (parts.length === 0) {
        // One giant "sentence" (tables, no punctuation): cut by characters, scaled by the token ratio.
        const chars = Math.max(1, Math.floor((s.length * maxTokens) / t));
        const cut = s.slice(0, chars);
        return { text: cut, tokens: tokenizer.count(cut) };
      }
      break;
    }
    parts.push(s);
    used += t;
  }
  const joined = parts.join(' ');
  return { text: joined, tokens: tokenizer.count(joined) };
}
