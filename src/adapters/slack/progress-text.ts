/** The placeholder's words while a paper is being worked on. Pure. */
import type { Language, ProgressStage } from '../../core/types.ts';

const WORDS: Record<Language, { start: string; downloading: string; reading: (n: number) => string; recognizing: (page: number, pages: number) => string; summarizing: (m: string | null) => string; cached: string }> = {
  en: {
    start: ':hourglass_flowing_sand: Working on it…',
    downloading: ':inbox_tray: Downloading…',
    reading: (n) => `:page_facing_up: Reading ${n} page${n === 1 ? '' : 's'}…`,
    recognizing: (page, pages) => `:mag: Recognizing page ${page} of ${pages} (OCR)…`,
    summarizing: (m) => (m ? `:brain: Summarizing with ${m}…` : ':brain: Summarizing (extractive, no model)…'),
    cached: ':card_index_dividers: Found a summary made before…',
  },
  zh: {
    start: ':hourglass_flowing_sand: 处理中…',
    downloading: ':inbox_tray: 下载中（Downloading）…',
    reading: (n) => `:page_facing_up: 正在阅读 ${n} 页（Reading ${n} pages）…`,
    recognizing: (page, pages) => `:mag: 正在识别第 ${page}/${pages} 页（Recognizing page ${page} of ${pages}, OCR）…`,
    summarizing: (m) => (m ? `:brain: 正在用 ${m} 总结（Summarizing with ${m}）…` : ':brain: 正在抽取式总结（extractive）…'),
    cached: ':card_index_dividers: 找到之前的摘要…',
  },
};

export function progressText(stage: ProgressStage | { stage: 'start' }, language: Language): string {
  const w = WORDS[language];
  switch (stage.stage) {
    case 'start':
      return w.start;
    case 'downloading':
      return w.downloading;
    case 'reading':
      return w.reading(stage.pages);
    case 'recognizing':
      return w.recognizing(stage.page, stage.pages);
    case 'summarizing':
      return w.summarizing(stage.model);
    case 'cached':
      return w.cached;
  }
}
