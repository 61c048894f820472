/**
 * Which paper a summary's thread (or message) is about, so a question asked there is answered from that paper. Kept
 * in the summary cache; keys carry platform, workspace and channel.
 */
import type { SummaryCache } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';

export interface ThreadPaper {
  sha256: string;
  language: Language;
  title: string;
}

export interface ThreadWhere {
  platform: 'slack' | 'discord';
  workspace: string;
  channel: string;
  /** Slack: the thread's ts; Discord: the summary message id. */
  thread: string;
}

const key = (w: ThreadWhere) => `thread-paper:${w.platform}:${w.workspace}:${w.channel}:${w.thread}`;

export function createThreadPapers(cache: SummaryCache) {
  return {
    remember: (where: ThreadWhere, paper: ThreadPaper) => cache.set(key(where), paper),
    lookup: (where: ThreadWhere) => cache.get<ThreadPaper>(key(where)),
  };
}

export type ThreadPapers = ReturnType<typeof createThreadPapers>;

/** Answer in Chinese when the question is asked in Chinese, else in English. */
export function questionLanguage(question: string): Language {
  return /[\u3400-\u9fff]/.test(question) ? 'zh' : 'en';
}
