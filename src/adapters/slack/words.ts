/** What the Slack app says outside summaries, in both languages. Pure. */
import type { Language } from '../../core/types.ts';

export const SLACK_WORDS: Record<'usage' | 'commandUsage' | 'notInChannel' | 'shortcutNothing' | 'thanks' | 'writingBelow', Record<Language, string>> = {
  usage: {
    en: 'Send me a paper: drop a PDF in this channel, or mention me with an arXiv id or link, a DOI or a PDF link, e.g. `@paperbot 2401.00001` (add `en` or `zh` for the language).',
    zh: '把论文发给我：直接在频道里上传 PDF，或者 @我 并附上 arXiv 编号/链接、DOI 或 PDF 链接，例如 `@paperbot 2401.00001`（可加 `en` 或 `zh` 指定语言）。',
  },
  commandUsage: {
    en: 'Usage: `/summarize <arXiv id or link, DOI, or PDF link> [en|zh]`, e.g. `/summarize 2401.00001 en`. You can also drop a PDF in the channel.',
    zh: '用法：`/summarize <arXiv 编号或链接、DOI 或 PDF 链接> [en|zh]`，例如 `/summarize 2401.00001 zh`。也可以直接在频道里上传 PDF。',
  },
  notInChannel: {
    en: 'I cannot post in this channel. Invite me first (`/invite @paperbot`), then try again.',
    zh: '我无法在这个频道发消息。请先邀请我（`/invite @paperbot`），然后再试。',
  },
  shortcutNothing: {
    en: 'That message has no PDF, arXiv id, DOI or paper link to summarize.',
    zh: '这条消息里没有可以总结的 PDF、arXiv 编号、DOI 或论文链接。',
  },
  thanks: {
    en: 'Thanks, your feedback on this summary is recorded.',
    zh: '谢谢，已记录你对这份摘要的反馈。',
  },
  writingBelow: {
    en: ':arrow_down: The summary is being written below.',
    zh: ':arrow_down: 摘要正在下方生成。',
  },
};
