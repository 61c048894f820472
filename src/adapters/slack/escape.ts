/**
 * Makes model and paper text safe for Slack mrkdwn: `&`, `<`, `>` are escaped so no `<!channel>`, `<!here>`,
 * `<!everyone>`, `<@U…>`, `<#C…>` or `<url|label>` can be formed, and bare `@channel` / `@here` / `@everyone` get a
 * zero-width joiner after the `@` so they never notify anyone.
 */
const ZWJ = '\u200D';

export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[@＠](channel|here|everyone|group)\b/giu, (_m, word: string) => `@${ZWJ}${word}`);
}

/** A link Slack renders as `label`, or the escaped text when the URL is not a plain http(s) URL. */
export function slackLink(url: string, label: string): string {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return escapeSlack(url);
  return `<${url.replace(/&/g, '&amp;')}|${escapeSlack(label).replace(/\|/g, '¦')}>`;
}
