/**
 * The Discord side of the shared job flow's output: a ReplyTarget (the deferred interaction reply, or the placeholder
 * of an auto-summarized PDF) as a Poster. Progress and notes edit the reply; the summary being written edits it too
 * (render-draft.ts), paced by the reply's lane (reply-lane.ts); the summary arrives as embeds with buttons
 * (`summary.md` attached when it had to be shortened), a failure as one plain-words line, either exactly once.
 */
import type { SummaryCache } from '../../core/ports.ts';
import type { SummaryResult } from '../../core/types.ts';
import type { Poster, PostedSummary } from '../common/job-flow/poster.ts';
import { renderEmbeds } from './render-embeds.ts';
import { draftContent } from './render-draft.ts';
import type { ReplyLane } from './reply-lane.ts';
import type { ReplyTarget } from './reply-target.ts';
import { refToken, type SourceRef } from './source-ref.ts';
import { summaryButtons } from './summary-buttons.ts';

export interface ReplyPlace {
  /** The server, or 'dm'; with the channel, where a link to the answer points. */
  workspace: string;
  channel: string | null;
  /** What the Regenerate / language buttons redo. */
  ref: SourceRef | null;
}

export function replyPoster(target: ReplyTarget, place: ReplyPlace, cache: SummaryCache | undefined, lane: ReplyLane): Poster {
  const edit = (text: string) => target.progress(text);
  return {
    // The reply exists already (deferred within 3 s, or the placeholder posted when the message arrived).
    open: async () => {},
    progress: (text) => lane.status(text, edit),
    note: (text) => lane.status(text, edit),
    draft: (text) => lane.draft(text && draftContent(text), edit),
    finish: (result) => lane.last(() => finish(result)),
    fail: (message) => lane.last(() => target.finish({ content: `❌ ${message}`, embeds: [], components: [] }).then(() => {})),
  };

  async function finish(result: SummaryResult): Promise<PostedSummary> {
    const rendered = renderEmbeds(result);
    const token = place.ref ? await refToken(place.ref, cache).catch(() => null) : null;
    const components = summaryButtons({ language: result.language, refToken: token, sha256: result.source.sha256, feedback: !!cache });
    const messageId = await target.finish({
      content: '',
      embeds: rendered.embeds,
      components,
      ...(rendered.truncated ? { files: [{ name: 'summary.md', data: Buffer.from(rendered.markdown, 'utf8') }] } : {}),
    });
    if (!place.channel) return { link: null };
    // A link to the summary message itself (to the channel when Discord did not say the message's id).
    const server = place.workspace === 'dm' ? '@me' : place.workspace;
    return { link: `https://discord.com/channels/${server}/${place.channel}${messageId ? `/${messageId}` : ''}` };
  }
}
