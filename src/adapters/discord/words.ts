/** What the bot says on Discord besides the summary and describeError's messages, in both languages. Pure. */
import type { Language, ProgressStage } from '../../core/types.ts';

type Stage = ProgressStage | { stage: 'start' };

const PROGRESS: Record<Language, { start: string; downloading: string; reading: (n: number) => string; recognizing: (page: number, pages: number) => string; summarizing: (m: string | null) => string; cached: string }> = {
  en: {
    start: '⏳ Working on it…',
    downloading: '📥 Downloading…',
    reading: (n) => `📄 Reading ${n} page${n === 1 ? '' : 's'}…`,
    recognizing: (page, pages) => `🔍 Recognizing page ${page} of ${pages} (OCR)…`,
    summarizing: (m) => (m ? `🧠 Summarizing with ${m}…` : '🧠 Summarizing (extractive, no model)…'),
    cached: '🗂️ Found a summary made before…',
  },
  zh: {
    start: '⏳ 处理中…',
    downloading: '📥 下载中（Downloading）…',
    reading: (n) => `📄 正在阅读 ${n} 页（Reading ${n} pages）…`,
    recognizing: (page, pages) => `🔍 正在识别第 ${page}/${pages} 页（Recognizing page ${page} of ${pages}, OCR）…`,
    summarizing: (m) => (m ? `🧠 正在用 ${m} 总结（Summarizing with ${m}）…` : '🧠 正在抽取式总结（extractive）…'),
    cached: '🗂️ 找到之前的摘要…',
  },
};

export function progressText(s: Stage, language: Language): string {
  const w = PROGRESS[language];
  switch (s.stage) {
    case 'start':
      return w.start;
    case 'downloading':
      return w.downloading;
    case 'reading':
      return w.reading(s.pages);
    case 'recognizing':
      return w.recognizing(s.page, s.pages);
    case 'summarizing':
      return w.summarizing(s.model);
    case 'cached':
      return w.cached;
  }
}

export const WORDS = {
  usage: {
    en: 'Give me a paper: `/summarize pdf:<attach the PDF>` or `/summarize url:<arXiv id or link, DOI, or PDF link>` (add `language:` for 中文 or English). You can also use *Apps → Summarize paper* on a message with a PDF.',
    zh: '请给我一篇论文：`/summarize pdf:<上传 PDF>` 或 `/summarize url:<arXiv 编号或链接、DOI 或 PDF 链接>`（可用 `language:` 选择中文或英文）。也可以在带 PDF 的消息上使用 *应用 → Summarize paper*。',
  },
  nothingInMessage: {
    en: 'That message has no PDF attachment, arXiv id, DOI or paper link to summarize.',
    zh: '这条消息里没有可以总结的 PDF 附件、arXiv 编号、DOI 或论文链接。',
  },
  thanks: {
    en: 'Thanks, your feedback on this summary is recorded.',
    zh: '谢谢，已记录你对这份摘要的反馈。',
  },
  unknownSource: {
    en: 'I no longer know where this paper came from. Run `/summarize` with it again.',
    zh: '我找不到这篇论文的来源了，请重新使用 `/summarize`。',
  },
  late: {
    en: 'This took longer than Discord lets me edit my first reply, so I am answering here:',
    zh: '处理时间超过了 Discord 允许编辑原回复的时限，因此在这里回复：',
  },
} satisfies Record<string, Record<Language, string>>;
