/** What the bot says about the job queue on every platform, in both languages. Pure. */
import type { Language } from '../../core/types.ts';

export const QUEUE_WORDS: {
  queued: Record<Language, (position: number) => string>;
  resumed: Record<Language, string>;
  handedBack: Record<Language, string>;
} = {
  queued: {
    en: (n) => `⏳ Queued, position ${n}: a few papers are ahead of this one. I will start on it as soon as a slot frees up.`,
    zh: (n) => `⏳ 已排队，第 ${n} 位（queued, position ${n}）：前面还有几篇论文，轮到时我会马上开始。`,
  },
  resumed: {
    en: '🔄 Picked up again after a restart.',
    zh: '🔄 重启后继续处理（picked up again after a restart）。',
  },
  handedBack: {
    en: '⏸️ Restarting: I will pick this paper up again in a minute.',
    zh: '⏸️ 正在重启：稍后会继续处理这篇论文。',
  },
};
