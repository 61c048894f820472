/**
 * Makes model and paper text unable to ping or to fake links on Discord, whatever allowedMentions says:
 * `@everyone` / `@here` (also full-width ＠) get a zero-width space after the `@`; user, role, channel and command
 * mentions (`<@123>`, `<@!123>`, `<@&123>`, `<#123>`, `</cmd:123>`) get one after the `<`; masked links
 * `[text](url)` are broken apart so the reader sees the real address. Pure.
 */
const ZWSP = '\u200B';

export function neutralize(text: string): string {
  return text
    .replace(/[@＠](everyone|here)\b/giu, (_m, word: string) => `@${ZWSP}${word}`)
    .replace(/<(@[!&]?|#|\/)(?=[\w:-]*\d)/g, (_m, sigil: string) => `<${ZWSP}${sigil}`)
    .replace(/\]\(/g, `]${ZWSP}(`);
}

/** Cuts text to `max` characters with "…", never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const cut = text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}
