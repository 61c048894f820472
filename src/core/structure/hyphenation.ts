/**
 * Undoes end-of-line hyphenation ("repre-" + "sentation" → "representation") while keeping real
 * compound hyphens ("state-" + "of-the-art"). The document itself is the dictionary: a word that is
 * printed elsewhere with its hyphen keeps it, one printed elsewhere without keeps none.
 */
import { LINE_BREAK, runStartBefore } from './text-utils.ts';

const WORD = /[\p{L}][\p{L}'’-]*[\p{L}]|[\p{L}]/gu;
const LETTER = /\p{L}/u;

export interface Vocabulary {
  words: Set<string>;
  compounds: Set<string>;
}

/** Collects plain words and hyphenated compounds that occur inside lines (not at a break). */
export function buildVocabulary(lines: readonly string[]): Vocabulary {
  const words = new Set<string>();
  const compounds = new Set<string>();
  for (const line of lines) {
    const body = line.replace(/-$/u, ' ');
    for (const m of body.matchAll(WORD)) {
      const w = m[0].toLowerCase();
      if (w.includes('-')) compounds.add(w);
      else words.add(w);
    }
  }
  return { words, compounds };
}

/** True when the token before the break is part of a URL, e-mail or path: never dehyphenated. */
function looksLikeLink(token: string): boolean {
  return /:\/\/|www\.|@|\/|\\/u.test(token);
}

/** Decides how "head-" at a line end continues with `tail` (the next line's first word). */
function joinHyphen(head: string, tail: string, vocab: Vocabulary): string {
  const h = head.toLowerCase();
  const firstPart = tail.split('-')[0] ?? tail;
  const t = firstPart.toLowerCase();
  if (vocab.compounds.has(`${h}-${t}`) || vocab.compounds.has(`${h}-${tail.toLowerCase()}`)) return `${head}-${tail}`;
  if (vocab.words.has(h + t)) return head + tail;
  // "state-" + "of-the-art": the continuation is itself a compound, so the hyphen is real.
  if (tail.includes('-')) return `${head}-${tail}`;
  return head + tail;
}

/** Rejoins hyphenated line breaks inside one page; lines keep their order, emptied lines are dropped. */
export function dehyphenate(lines: readonly string[], vocab: Vocabulary): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const line = out[i] ?? '';
    if (!line.endsWith('-') || line.endsWith('--')) continue;
    const token = line.slice(line.lastIndexOf(' ') + 1);
    // The letters right before the final hyphen (read backwards: a search would restart at every letter).
    const head = token.slice(runStartBefore(token, LETTER, token.length - 1), -1);
    if (!head || looksLikeLink(token)) continue;
    const next = out[i + 1] ?? '';
    // The next line: its first word (letters, starting lower-case), the rest of that token, and the text after it.
    const tail = /^\p{Ll}[\p{L}'’-]*/u.exec(next)?.[0];
    if (!tail) continue;
    const glued = /^\S*/u.exec(next.slice(tail.length))?.[0] ?? '';
    const rest = next.slice(tail.length + glued.length).trimStart();
    if (LINE_BREAK.test(rest)) continue; // as before: the rest was matched up to the end of a line
    const joined = joinHyphen(head, tail, vocab);
    out[i] = line.slice(0, line.length - head.length - 1) + joined + glued;
    out[i + 1] = rest;
  }
  return out.filter((l) => l.trim().length > 0);
}
