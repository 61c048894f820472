/**
 * Finds what to summarize in an @-mention's text: the first arXiv id/URL, DOI or http(s) link, plus an optional
 * language word (`en`, `english`, `zh`, `中文`). Slack wraps links as `<https://…>` or `<https://…|label>` and
 * mentions as `<@U…>`. Local paths are never accepted from chat. Pure.
 */
import { resolveInput } from '../../core/input/resolve-input.ts';
import type { Language } from '../../core/types.ts';

export interface MentionInput {
  /** What to hand to loadPaper (a URL, arXiv id or DOI), or null when the text names nothing to summarize. */
  input: string | null;
  language: Language | null;
}

const LANGUAGE_WORDS: Record<string, Language> = { en: 'en', english: 'en', zh: 'zh', chinese: 'zh', 中文: 'zh', 英文: 'en' };

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseMention(text: string): MentionInput {
  const tokens: string[] = [];
  // Links first (Slack's own markup), then the remaining words.
  const rest = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    if (/^[@#!]/.test(inner)) return ' ';
    tokens.push(decodeEntities(inner.split('|')[0] ?? ''));
    return ' ';
  });
  const words = decodeEntities(rest).split(/\s+/).filter(Boolean);
  let language: Language | null = null;
  for (const w of words) {
    // `(?<!…)`: a trailing run is matched from its first character only, not rescanned from each one.
    const lang = LANGUAGE_WORDS[w.toLowerCase().replace(/(?<![.,;:!?])[.,;:!?]+$/, '')];
    if (lang && !language) language = lang;
    else tokens.push(w.replace(/(?<![.,;:!?)])[.,;:!?)]+$/, '').replace(/^[(]+/, ''));
  }
  for (const t of tokens) {
    try {
      if (resolveInput(t).kind === 'url') return { input: t, language };
    } catch {
      // A refused scheme (ftp:, file:, …): not something to summarize.
    }
  }
  return { input: null, language };
}

/** The words of a mention without the mentions themselves (`<@U…>`), links as their URL, entities decoded. */
export function questionText(text: string): string {
  return decodeEntities(
    text
      .replace(/<[@#!][^<>]*>/g, ' ')
      .replace(/<([^<>|]*)(?:\|[^<>]*)?>/g, '$1'),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** A mention that reads as a question (a question mark, or a question word first), not a request to summarize. */
export function looksLikeQuestion(text: string): boolean {
  return /[?？]/.test(text) || /^(what|which|who|whom|whose|where|when|why|how|is|are|does|do|did|can|could|was|were|has|have|should|would|will|什么|哪|谁|为什么|如何|怎么|怎样|是否|有没有|能否)/i.test(text);
}
