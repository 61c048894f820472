/**
 * The first arXiv id/URL, DOI or http(s) link in a message's text, or null. Discord wraps links as `<https://…>` to
 * suppress previews, or as `[label](https://…)`; both are unwrapped. Local paths are never accepted from chat. Pure.
 */
import { resolveInput } from '../../core/input/resolve-input.ts';
import { replaceBracketLinks } from '../../core/text/bracket-links.ts';

export function findPaperLink(text: string): string | null {
  // `[label](url)` by a one-pass scan, and trailing runs matched from their first character (`(?<!…)`): as regexes
  // run at every position, both would rescan long runs of brackets or punctuation in a message.
  const words = replaceBracketLinks(text, (_label, url) => ` ${url} `, { httpOnly: true })
    .split(/\s+/)
    .map((w) => w.replace(/^[<(]+/, '').replace(/(?<![>)\].,;:!?])[>)\].,;:!?]+$/, ''))
    .filter(Boolean);
  for (const w of words) {
    try {
      if (resolveInput(w).kind === 'url') return w;
    } catch {
      // A refused scheme (ftp:, file:, …): not something to summarize.
    }
  }
  return null;
}
