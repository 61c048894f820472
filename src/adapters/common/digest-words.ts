/** Words of the weekly digest and of switching it, shared by the platforms. */
import type { Language } from '../../core/types.ts';

export const DIGEST_WORDS: Record<Language, { on: string; off: string; unavailable: string }> = {
  en: {
    on: 'Weekly digest on: every Monday this channel gets the list of papers it shared the week before. Turn it off the same way with “digest off”.',
    off: 'Weekly digest off for this channel.',
    unavailable: 'The weekly digest needs the cache (CACHE_URL) to keep the channel’s papers; it is turned off here.',
  },
  zh: {
    on: '已开启每周摘要：每周一本频道会收到上周分享的论文列表。用同一命令选择 “digest off” 即可关闭。',
    off: '已关闭本频道的每周摘要。',
    unavailable: '每周摘要需要缓存（CACHE_URL）保存频道的论文，这里没有开启。',
  },
};

/** `digest on` / `digest off` in a `/papers` command's text; null when the text is something else. */
export function digestSwitch(text: string): boolean | null {
  const m = /^digest\s+(on|off)\s*$/i.exec(text.trim());
  return m ? m[1]!.toLowerCase() === 'on' : null;
}
