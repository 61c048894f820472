/**
 * Messages: a PDF shared in a channel or DM (file_share), and mentions of the bot: with a PDF, with a link / arXiv id /
 * DOI, a question in a summary's thread, or nothing (a usage hint). Each event and each channel + file is answered once.
 */
import type { App } from '@slack/bolt';
import { answerInThread } from './answer-in-thread.ts';
import { jobPayload, teamOf, type MessageLike, type SlackContext } from './context.ts';
import { isPdfFile } from './download-file.ts';
import { looksLikeQuestion, parseMention, questionText } from './mention-input.ts';
import { jobFile } from './slack-job.ts';
import { SLACK_WORDS } from './words.ts';

const isPdfOrStub = (f: MessageLike['files'] extends Array<infer F> | undefined ? F : never) => isPdfFile(f) || f.file_access === 'check_file_info';

/** Queues one summary per PDF file in the message that was not answered before. Returns how many. */
async function handleFiles(ctx: SlackContext, team: string, msg: MessageLike): Promise<number> {
  const pdfs = (msg.files ?? []).filter((f) => f && f.id && isPdfOrStub(f));
  const language = parseMention(msg.text ?? '').language ?? ctx.defaultLanguage;
  let queued = 0;
  for (const file of pdfs) {
    if (!(await ctx.claims.file(team, msg.channel, file.id))) {
      ctx.logger.debug(`file ${file.id} in ${msg.channel} already handled; skipped`);
      continue;
    }
    queued++;
    ctx.background(`queueing file ${file.id}`, () => ctx.submit(msg.user, jobPayload(ctx, team, msg, language, { kind: 'file', file: jobFile(file) }, { releasesFileClaim: true })));
  }
  return queued;
}

export function registerMessageListeners(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, body, context }) => {
    const msg = event as unknown as MessageLike;
    if (msg.subtype !== 'file_share' || !msg.files?.length) return ctx.report(body, 'ignored');
    if (!(await ctx.firstDelivery(body, context.retryNum))) return ctx.report(body, 'duplicate');
    if (!msg.files.some(isPdfOrStub)) return ctx.report(body, 'ignored');
    ctx.report(body, (await handleFiles(ctx, teamOf(context), msg)) > 0 ? 'queued' : 'duplicate');
  });

  app.event('app_mention', async ({ event, body, context, client }) => {
    const msg = event as unknown as MessageLike;
    if (!(await ctx.firstDelivery(body, context.retryNum))) return ctx.report(body, 'duplicate');
    if (msg.files?.some(isPdfOrStub)) return ctx.report(body, (await handleFiles(ctx, teamOf(context), msg)) > 0 ? 'queued' : 'duplicate');
    const { input, language: asked } = parseMention(msg.text ?? '');
    const language = asked ?? ctx.defaultLanguage;
    const threadTs = msg.thread_ts ?? msg.ts;
    // In a summary's thread, a mention that asks something (or has nothing to summarize) is a question about the paper.
    const question = questionText(msg.text ?? '');
    if (ctx.qa && msg.thread_ts && question && (!input || looksLikeQuestion(question))) {
      const qa = ctx.qa;
      const where = { team: teamOf(context), channel: msg.channel, threadTs: msg.thread_ts };
      if (await qa.papers.lookup({ platform: 'slack', workspace: where.team, channel: where.channel, thread: where.threadTs })) {
        ctx.background('answering a question', () => answerInThread({ client, ...where, question, user: msg.user }, qa));
        return ctx.report(body, 'question');
      }
    }
    if (!input) {
      ctx.background('usage hint', () => client.chat.postMessage({ channel: msg.channel, thread_ts: threadTs, text: SLACK_WORDS.usage[language] }));
      return ctx.report(body, 'usage');
    }
    ctx.background(`queueing ${input}`, () => ctx.submit(msg.user, jobPayload(ctx, teamOf(context), msg, language, { kind: 'link', input })));
    ctx.report(body, 'queued');
  });
}
