/**
 * Makes model and paper text safe for Slack mrkdwn: `&`, `<`, `>` are escaped so no `<!channel>`, `<!here>`,
 * `<!everyone>`, `<@U…>`, `<#C…>` or `<url|label>` can be formed, and bare `@channel` / `@here` / `@everyone` get a
 * zero-width joiner after the `@` so they never notify anyone. `escapeSlackMarkdown` does the same for the standard
 * Markdown of a `markdown` block, keeping the Markdown itself.
 */
import { replaceMarkdownLinks } from './markdown-links.ts';

const ZWJ = '\u200D';
const ZWSP = '\u200B';

/** Bare `@channel` / `@here` / `@everyone` / `@group` (also full-width ＠) with a zero-width joiner after the `@`. */
function defuseBroadcasts(text: string): string {
  return text.replace(/[@＠](channel|here|everyone|group)\b/giu, (_m, word: string) => `@${ZWJ}${word}`);
}

export function escapeSlack(text: string): string {
  return defuseBroadcasts(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** `>` markers of a block quote at the start of a line (also nested, `> >`). */
const QUOTE_PREFIX = /^[ \t]{0,3}(?:>[ \t]?)+/;

/**
 * Model Markdown made safe for a Block Kit `markdown` block, which Slack renders as standard Markdown; its own `<…>`
 * tokens (mentions, links) are not trusted to stay text there either. As in `escapeSlack`, every `<` becomes `&lt;`
 * (and `>` `&gt;`, except the markers of a block quote at the start of a line), so no `<!channel>`, `<!here>`,
 * `<@U…>`, `<#C…>`, `<!subteam^…>` or `<url|label>` can form; a `&` that starts an entity becomes `&amp;`, so
 * `&lt;!here&gt;` stays literal text; bare `@channel` / `@here` / `@everyone` get a zero-width joiner. Links and
 * images, `[label](url)` / `![alt](url)`, become `label (url)`, so no label hides where a link points; any other `](`,
 * or a reference definition's `]:`, that could make one is broken with a zero-width space. Bold, italics, lists,
 * headings, code and quotes are kept.
 */
export function escapeSlackMarkdown(markdown: string): string {
  const escaped = unmaskLinks(markdown)
    .split('\n')
    .map((line) => {
      const quote = QUOTE_PREFIX.exec(line)?.[0] ?? '';
      const rest = line
        .slice(quote.length)
        .replace(/&(?=#?\w+;)/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
      return quote + rest;
    })
    .join('\n');
  return defuseBroadcasts(escaped);
}

/**
 * Markdown links and images, `[label](url)` / `![alt](url)`, as `label (url)`; any other `](`, and the `]:` of a
 * reference definition (`[label]: url` at the start of a line), that could still make a link is broken with a
 * zero-width space. Does not escape anything else.
 */
export function unmaskLinks(markdown: string): string {
  const unmasked = replaceMarkdownLinks(markdown, (_bang, label, url) => {
    const l = label.trim();
    if (!url) return l;
    return !l || l === url ? url : `${l} (${url})`;
  });
  return unmasked.replace(/\]\(/g, `]${ZWSP}(`).replace(/^([ \t]{0,3}\[[^\]\n]*\]):/gm, `$1${ZWSP}:`);
}

/** A link Slack renders as `label`, or the escaped text when the URL is not a plain http(s) URL. */
export function slackLink(url: string, label: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return escapeSlack(url);
  return `<${url.replace(/&/g, '&amp;')}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}
