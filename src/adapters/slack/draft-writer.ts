/**
 * Shows text that is still being written (a summary draft, an answer) in a Slack thread, paced, latest text wins.
 *
 * - native: Slack's streaming methods. The first text starts a stream (`chat.startStream`, a new reply in the thread:
 *   they cannot stream into an existing message; channels need the recipient's user and team ids); later texts that
 *   extend what was sent append only the new part (`chat.appendStream`), about once a second (we pace it ourselves:
 *   the SDK's ChatStreamer would only send when its buffer fills). A text that does not extend what was sent (the
 *   stream started over, a finished item rewritten, an escape that changed) stops the stream and goes on with edits
 *   of that message. A stream Slack no longer knows (`message_not_in_streaming_state`) is edited too.
 * - update: edits of one message (`chat.update`), within the workspace's shared budget; the message is the caller's
 *   placeholder, or a reply posted with the first text.
 * - auto is native that turns to update when Slack refuses the streaming methods (remembered for the workspace).
 *
 * Text is escaped like final messages (no pings, no masked links): `escapeSlack` for edits (mrkdwn),
 * `escapeSlackMarkdown` for streams (their `markdown_text` is standard Markdown). Never throws: a failed write is
 * logged and the next text tries again.
 */
import type { Logger, webApi } from '@slack/bolt';
import { escapeSlack, escapeSlackMarkdown } from './escape.ts';
import { isStreamingRefused, slackErrorCode, type SlackStreaming } from './slack-streaming.ts';

export interface StreamPlace {
  client: webApi.WebClient;
  /** The workspace (the budget and the "refused" memory are per workspace). */
  team: string;
  channel: string;
  threadTs: string;
  /** Who a native stream is for: required outside direct messages. */
  recipient?: { user: string; team: string } | undefined;
}

export interface DraftWriterOptions {
  logger: Logger;
  /** The message edits go to (the placeholder); undefined: the first text is posted as a new reply. */
  message(): string | undefined;
  /** False: never start a native stream (continue an earlier message with edits). */
  native: boolean;
  /** What an edited message shows for '' (the stream started over): the status again. */
  blank(): string;
  /** A native stream started: record its ts, tidy the placeholder. Awaited before the next write. */
  onStream?(ts: string): Promise<void>;
}

export interface DraftWriter {
  show(text: string): void;
  /**
   * No more texts: drops the one waiting, finishes the write under way, ends a native stream (`chat.stopStream`), and
   * waits until the message may be written again. Resolves with the message that holds the text, if any.
   */
  settle(): Promise<string | undefined>;
}

/** The cursor renderDraftText puts after the line being written; a stream grows by itself, so it is left out there. */
const CURSOR = ' …';

let writers = 0;

export function createDraftWriter(place: StreamPlace, streaming: SlackStreaming, opts: DraftWriterOptions): DraftWriter {
  const { client, team, channel } = place;
  const log = opts.logger;
  const key = `w${++writers}`;
  let kind: 'native' | 'streaming' | 'update' = opts.native && !streaming.refused.has(team) ? 'native' : 'update';
  let latest = '';
  let shown = '';
  /** The stream's message, and the Markdown it holds. */
  let streamTs: string | undefined;
  let sent = '';
  /** A reply posted for the first text (update mode without a message of the caller's). */
  let ownTs: string | undefined;
  let closed = false;

  const markdown = (text: string) => escapeSlackMarkdown(text.endsWith(CURSOR) ? text.slice(0, -CURSOR.length) : text);
  const messageTs = () => streamTs ?? opts.message() ?? ownTs;

  const stopStream = async () => {
    if (kind !== 'streaming' || !streamTs) return;
    kind = 'update';
    await client.chat.stopStream({ channel, ts: streamTs }).catch((err: Error) => log.debug(`chat.stopStream failed: ${err.message}`));
  };

  const start = async (text: string): Promise<boolean> => {
    const md = markdown(text);
    try {
      const res = await client.chat.startStream({
        channel,
        thread_ts: place.threadTs,
        markdown_text: md,
        ...(place.recipient ? { recipient_user_id: place.recipient.user, recipient_team_id: place.recipient.team } : {}),
      });
      if (!res.ts) throw new Error('chat.startStream answered without a ts');
      streamTs = res.ts;
      sent = md;
      kind = 'streaming';
      await opts.onStream?.(res.ts);
      return true;
    } catch (err) {
      kind = 'update';
      if (isStreamingRefused(err) && streaming.mode === 'auto') {
        streaming.refused.add(team);
        log.info(`Slack refused streaming in workspace ${team} (${slackErrorCode(err)}); editing messages there from now on`);
      } else log.warn(`chat.startStream failed (${(err as Error).message}); editing the message instead`);
      return false;
    }
  };

  /** Appends what `text` adds; false when it does not extend what the stream holds. */
  const append = async (text: string): Promise<boolean> => {
    const md = markdown(text);
    if (!text || !md.startsWith(sent)) return false;
    if (md.length === sent.length) return true;
    try {
      await client.chat.appendStream({ channel, ts: streamTs!, markdown_text: md.slice(sent.length) });
      sent = md;
      return true;
    } catch (err) {
      if (slackErrorCode(err) !== 'message_not_in_streaming_state') throw err;
      kind = 'update'; // expired: edits from now on
      return false;
    }
  };

  const edit = async (text: string) => {
    const body = text ? escapeSlack(text) : opts.blank();
    const ts = messageTs();
    if (ts) await client.chat.update({ channel, ts, text: body });
    else if (text) ownTs = (await client.chat.postMessage({ channel, thread_ts: place.threadTs, text: body })).ts;
  };

  const flush = async () => {
    const text = latest;
    if (closed || text === shown) return;
    try {
      if (kind === 'native' && text && (await start(text))) return void (shown = text);
      if (kind === 'streaming') {
        if (await append(text)) return void (shown = text);
        await stopStream();
      }
      await edit(text);
      shown = text;
    } catch (err) {
      log.warn(`showing the text being written failed: ${(err as Error).message}`);
    }
  };

  return {
    show(text) {
      if (closed) return;
      latest = text;
      (kind === 'update' ? streaming.updates : streaming.appends).schedule(team, key, flush);
    },
    async settle() {
      closed = true;
      await Promise.all([streaming.appends.settle(team, key), streaming.updates.settle(team, key)]);
      await stopStream();
      return messageTs();
    },
  };
}
