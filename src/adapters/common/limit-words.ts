/**
 * What the bot says when a limit refuses work (a spending cap used up, the queue full or not answering), in both
 * languages, with when to try again; every other failure keeps describeError's words. Pure.
 */
import { describeError } from '../../core/error-messages.ts';
import { isPaperError, type ErrorCode, type PaperError } from '../../core/errors.ts';
import type { Language } from '../../core/types.ts';

/** Where a workspace cap counts: a Slack workspace, a Discord server, or one person's Discord direct messages. */
export type QuotaPlace = 'workspace' | 'server' | 'dm';

/** "14:05 UTC" (windows end on the hour, UTC). */
const utc = (iso: unknown) => (typeof iso === 'string' && Number.isFinite(Date.parse(iso)) ? `${new Date(iso).toISOString().slice(11, 16)} UTC` : '');
const minutes = (seconds: unknown) => Math.max(1, Math.ceil((typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : 60) / 60));

function inAbout(seconds: unknown, language: Language): string {
  const m = minutes(seconds);
  if (m < 90) return language === 'zh' ? `约 ${m} 分钟后` : `in about ${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  return language === 'zh' ? `约 ${h} 小时后` : `in about ${h} hours`;
}

const QUOTA: Record<Language, { user: (n: unknown, at: string, wait: string) => string; daily: Record<QuotaPlace, (n: unknown, at: string, wait: string) => string> }> = {
  en: {
    user: (n, at, wait) => `You have used your ${n} summaries/questions for this hour; try again after ${at} (${wait}).`,
    daily: {
      workspace: (n, at, wait) => `This workspace has used its ${n} summaries/questions for today; try again after ${at} (${wait}).`,
      server: (n, at, wait) => `This server has used its ${n} summaries/questions for today; try again after ${at} (${wait}).`,
      dm: (n, at, wait) => `You have used your ${n} summaries/questions in direct messages for today; try again after ${at} (${wait}).`,
    },
  },
  zh: {
    user: (n, at, wait) => `你本小时的 ${n} 次摘要/提问额度已用完，请在 ${at} 之后再试（${wait}）。`,
    daily: {
      workspace: (n, at, wait) => `本工作区今天的 ${n} 次摘要/提问额度已用完，请在 ${at} 之后再试（${wait}）。`,
      server: (n, at, wait) => `本服务器今天的 ${n} 次摘要/提问额度已用完，请在 ${at} 之后再试（${wait}）。`,
      dm: (n, at, wait) => `你今天在私信中的 ${n} 次摘要/提问额度已用完，请在 ${at} 之后再试（${wait}）。`,
    },
  },
};

const BUSY: Record<Language, { full: (waiting: unknown, wait: string) => string; unavailable: string }> = {
  en: {
    full: (waiting, wait) => `⏳ I am busy: ${waiting} papers are already waiting. Try again ${wait}.`,
    unavailable: "I can't take new papers right now (my job queue is not answering). Try again in a few minutes.",
  },
  zh: {
    full: (waiting, wait) => `⏳ 我现在很忙：已有 ${waiting} 篇论文在排队，请${wait}再试。`,
    unavailable: '我现在无法接收新的论文（任务队列没有响应），请过几分钟再试。',
  },
};

function limitText(e: PaperError, language: Language, place: QuotaPlace): string | null {
  if (e.code === 'quota_exceeded') {
    const at = utc(e.data.resetsAt);
    const wait = inAbout(e.data.retryAfterSeconds, language);
    return e.data.quota === 'workspace' ? QUOTA[language].daily[place](e.data.limit, at, wait) : QUOTA[language].user(e.data.limit, at, wait);
  }
  if (e.code === 'busy') {
    return e.data.reason === 'unavailable' ? BUSY[language].unavailable : BUSY[language].full(e.data.waiting, inAbout(e.data.retryAfterSeconds, language));
  }
  return null;
}

/** The code and the words for a failure told in chat: a limit's own words in `language`, else describeError's. */
export function failureWords(err: unknown, language: Language, place: QuotaPlace = 'workspace'): { code: ErrorCode | 'internal'; message: string } {
  const text = isPaperError(err) ? limitText(err, language, place) : null;
  return text ? { code: (err as PaperError).code, message: text } : describeError(err);
}
