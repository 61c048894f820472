/** What the bot says about the job queue on every platform, in both languages. Pure. */
import type { Language } from '../../core/types.ts';

export const QUEUE_WORDS: {
  queued: Record<Language, (position: number) => string>;
  resumed: Record<Language, string>;
  handedBack: Record<Language, string>;
  gaveUp: Record<Language, string>;
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
  gaveUp: {
    en: 'Sorry, I could not summarize this paper: it failed several times on my side (not because of the file, as far as I can tell). Share it again later to retry; if it keeps failing, tell whoever runs this bot.',
    zh: '抱歉，这篇论文没能总结出来：我这边多次处理失败（看起来不是文件本身的问题）。请稍后重新分享以重试；如果一直失败，请告诉维护这个机器人的人。',
  },
};
