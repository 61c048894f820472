/**
 * Interactivity: the buttons under a summary (Regenerate without the cache, the other language: a new reply in the
 * thread; 👍 / 👎 recorded with a private thanks) and the message shortcut "Summarize paper".
 */
import type { App } from '@slack/bolt';
import type { Language } from '../../core/types.ts';
import { recordVote } from '../common/feedback-votes.ts';
import { jobPayload, teamOf, type MessageLike, type SlackContext } from './context.ts';
import { isPdfFile } from './download-file.ts';
import { decodeFeedbackValue } from './feedback.ts';
import { parseMention } from './mention-input.ts';
import { ACTION_IDS } from './render-blocks.ts';
import { jobFile, type SlackJobPayload } from './slack-job.ts';
import { decodeSourceRef } from './source-ref.ts';
import { SLACK_WORDS } from './words.ts';

export function registerActions(app: App, ctx: SlackContext): void {
  app.action(new RegExp(`^(${ACTION_IDS.regenerate}|${ACTION_IDS.language})$`), async ({ ack, body, action, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const ref = decodeSourceRef(action.value);
    const channel = body.channel?.id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    if (!ref || !channel || !message?.ts) return;
    const regenerate = action.action_id === ACTION_IDS.regenerate;
    if (regenerate) ctx.metrics?.regenerateClicks.inc({ platform: 'slack' });
    const language: Language = regenerate ? ref.language : ref.language === 'zh' ? 'en' : 'zh';
    const at = { channel, ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) };
    const source: SlackJobPayload['source'] = ref.kind === 'file' ? { kind: 'file', file: { id: ref.fileId, file_access: 'check_file_info' } } : { kind: 'link', input: ref.input };
    ctx.background(`${action.action_id} ${ref.kind}`, () => ctx.submit(body.user.id, jobPayload(ctx, teamOf(context), at, language, source, regenerate ? { bypassCache: true } : {})));
  });

  app.action(new RegExp(`^(${ACTION_IDS.feedbackUp}|${ACTION_IDS.feedbackDown})$`), async ({ ack, body, action, respond }) => {
    await ack();
    const cache = ctx.cache;
    if (!cache || body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const target = decodeFeedbackValue(action.value);
    if (!target) return;
    const vote = action.action_id === ACTION_IDS.feedbackUp ? 'up' : 'down';
    ctx.background('feedback', async () => {
      await recordVote(cache, target.sha256, target.language, body.user.id, vote);
      ctx.metrics?.feedbackVotes.inc({ platform: 'slack', vote });
      await respond({ response_type: 'ephemeral', replace_original: false, text: SLACK_WORDS.thanks[target.language] });
    });
  });

  // Message shortcut "Summarize paper" (callback_id summarize_paper) on any message with a PDF or a paper link.
  app.shortcut({ callback_id: 'summarize_paper', type: 'message_action' }, async ({ ack, shortcut, respond, context }) => {
    await ack();
    const team = teamOf(context);
    const msg = shortcut.message as unknown as Partial<MessageLike> & { ts: string };
    const at = { channel: shortcut.channel.id, ts: msg.ts, ...(msg.thread_ts ? { thread_ts: msg.thread_ts } : {}) };
    const language = ctx.defaultLanguage;
    const pdfs = (msg.files ?? []).filter((f) => f && f.id && (isPdfFile(f) || f.file_access === 'check_file_info'));
    if (pdfs.length > 0) {
      for (const file of pdfs) ctx.background(`shortcut on file ${file.id}`, () => ctx.submit(shortcut.user.id, jobPayload(ctx, team, at, language, { kind: 'file', file: jobFile(file) })));
      return;
    }
    const { input, language: asked } = parseMention(msg.text ?? '');
    if (!input) {
      ctx.background('shortcut usage', () => respond({ response_type: 'ephemeral', text: SLACK_WORDS.shortcutNothing[language] }));
      return;
    }
    ctx.background(`shortcut on ${input}`, () => ctx.submit(shortcut.user.id, jobPayload(ctx, team, at, asked ?? language, { kind: 'link', input })));
  });
}
