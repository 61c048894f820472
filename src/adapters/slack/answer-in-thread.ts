/**
 * A question asked by mentioning the bot in a summary's thread, answered in that thread from the paper's own text
 * (kept in the cache when it was summarized), with page citations. A question the model answers is charged to the
 * asker's spending caps first; errors (a cap used up included) become plain words; nothing pings. With streaming on,
 * the answer is shown while the model writes it (draft-writer.ts: a native stream, or a reply that is edited), and the
 * finished answer replaces it in that same message.
 */
import type { Logger, webApi } from '@slack/bolt';
import { answerQuestion, type QaDeps } from '../../core/qa/answer-question.ts';
import { loadPaperIndex } from '../../core/qa/paper-index-store.ts';
import type { SummaryCache } from '../../core/ports.ts';
import type { Quota } from '../../core/quota/index.ts';
import { failureWords } from '../common/limit-words.ts';
import { questionLanguage, type ThreadPapers } from '../common/thread-papers.ts';
import { createDraftWriter } from './draft-writer.ts';
import { escapeSlack } from './escape.ts';
import { renderAnswer } from './render-answer.ts';
import type { SlackStreaming } from './slack-streaming.ts';

export interface ThreadQuestion {
  client: webApi.WebClient;
  team: string;
  channel: string;
  threadTs: string;
  question: string;
  /** Who asked (the spending caps count per user per workspace). */
  user: string | undefined;
}

export interface ThreadQaDeps {
  cache: SummaryCache;
  papers: ThreadPapers;
  codeVersion: string;
  qa: QaDeps;
  logger: Logger;
  quota?: Quota | undefined;
  /** Show the answer while it is written (null / absent: only the finished answer). */
  streaming?: SlackStreaming | null | undefined;
}

const GONE = {
  en: "I no longer have this paper's text. Share the PDF again and ask in the new summary's thread.",
  zh: '我这里已经没有这篇论文的全文了。请重新分享 PDF，然后在新摘要的讨论串里提问。',
} as const;

/** 'no_paper' when the thread holds no summary (the caller answers as for any other mention). */
export async function answerInThread(q: ThreadQuestion, deps: ThreadQaDeps): Promise<'answered' | 'no_paper'> {
  const paper = await deps.papers.lookup({ platform: 'slack', workspace: q.team, channel: q.channel, thread: q.threadTs });
  if (!paper) return 'no_paper';
  const language = questionLanguage(q.question);
  const writer = deps.streaming
    ? createDraftWriter(
        { client: q.client, team: q.team, channel: q.channel, threadTs: q.threadTs, recipient: q.user ? { user: q.user, team: q.team } : undefined },
        deps.streaming,
        { logger: deps.logger, message: () => undefined, native: deps.streaming.mode !== 'update', blank: () => ':hourglass_flowing_sand:' },
      )
    : undefined;
  /** The answer (or the error): in the message that showed it being written, else a new reply. */
  const post = async (text: string, blocks?: unknown[]) => {
    const ts = await writer?.settle();
    if (ts) await q.client.chat.update({ channel: q.channel, ts, text, blocks: (blocks ?? []) as never });
    else await q.client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, text, ...(blocks ? { blocks: blocks as never } : {}) });
  };
  try {
    const index = await loadPaperIndex(deps.cache, paper.sha256, deps.codeVersion);
    if (!index) {
      await post(GONE[language]);
      return 'answered';
    }
    const quota = deps.quota;
    const charge = quota ? () => quota.charge({ user: `slack:${q.team}:${q.user ?? '?'}`, workspace: `slack:${q.team}` }) : undefined;
    const answer = await answerQuestion(deps.qa, index, q.question, language, {
      ...(charge ? { beforeModel: charge } : {}),
      ...(writer ? { onText: (text: string) => writer.show(text) } : {}),
    });
    const rendered = renderAnswer(answer, language, deps.qa.model?.name ?? null);
    await post(rendered.text, rendered.blocks);
  } catch (err) {
    deps.logger.warn(`answering in thread ${q.channel}/${q.threadTs} failed: ${(err as Error).message}`);
    await post(`:x: ${escapeSlack(failureWords(err, language).message)}`).catch(() => undefined);
  }
  return 'answered';
}
