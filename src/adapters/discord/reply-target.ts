/**
 * Where a job's progress and result go. Two kinds:
 *
 * - An interaction reply (slash command, context menu, button): deferred within 3 s by the handler, then edited.
 *   Discord lets the interaction token edit for 15 minutes; past `deadline` (arrival + window − margin) progress is
 *   dropped and the result is posted as a channel message replying to `replyTo`, so a slow summary is not lost.
 *   An edit that fails because the token expired anyway takes the same way.
 * - A channel reply (auto-summarized PDF): a placeholder replying to the message, edited as work moves.
 */
import { Routes, type REST, type RepliableInteraction } from 'discord.js';
import type { Log } from '../common/log.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { toEditReply, toRestMessage, type Outgoing } from './outgoing.ts';

export interface ReplyTarget {
  progress(text: string): Promise<void>;
  /** Posts the final message; resolves with its message id when Discord said it (history links point at it). */
  finish(message: Outgoing): Promise<string | undefined>;
}

export interface InteractionWindow {
  /** When the interaction arrived (ms, from `now`). */
  arrivedAt: number;
  /** How long the token may edit; 15 minutes on Discord. */
  windowMs: number;
  /** Stop editing this long before the window closes. */
  marginMs: number;
  now: () => number;
}

// 10015 Unknown Webhook, 50027 Invalid Webhook Token: the interaction token is no longer usable.
const TOKEN_GONE = new Set([10015, 50027]);

export interface LateAnswer {
  poster: ChannelPoster;
  channelId: string | null;
  replyTo?: string | undefined;
  note: string;
  log: Log;
}

export function interactionTarget(interaction: RepliableInteraction, w: InteractionWindow, late: LateAnswer): ReplyTarget {
  return editableTarget((message) => interaction.editReply(toEditReply(message)), w, late);
}

/**
 * The same reply without the live interaction object (a job picked up after a restart): the deferred reply is the
 * interaction webhook's `@original` message, edited over REST with the persisted application id and token.
 */
export function webhookTarget(rest: REST, applicationId: string, token: string, w: InteractionWindow, late: LateAnswer): ReplyTarget {
  return editableTarget(async (message) => {
    const { body, files } = toRestMessage(message);
    return (await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false, ...(files ? { files } : {}) })) as { id: string };
  }, w, late);
}

function editableTarget(edit: (message: Outgoing) => Promise<{ id: string }>, w: InteractionWindow, late: LateAnswer): ReplyTarget {
  const deadline = w.arrivedAt + w.windowMs - w.marginMs;
  let replyId: string | undefined;
  const inTime = () => w.now() < deadline;
  const postLate = async (message: Outgoing): Promise<string | undefined> => {
    if (!late.channelId) throw new Error('the interaction token expired and the channel is unknown');
    const content = message.content ? `${late.note}\n${message.content}` : late.note;
    return (await late.poster.post(late.channelId, { ...message, content }, late.replyTo ?? replyId)).id;
  };
  return {
    async progress(text) {
      if (!inTime()) return;
      try {
        const sent = await edit({ content: text });
        replyId ??= sent.id;
      } catch (err) {
        late.log.warn(`progress edit failed: ${(err as Error).message}`);
      }
    },
    async finish(message) {
      if (!inTime()) return postLate(message);
      try {
        return (await edit(message))?.id ?? replyId;
      } catch (err) {
        if (!TOKEN_GONE.has((err as { code?: number }).code ?? 0)) throw err;
        late.log.warn('the interaction token expired before the summary was ready; posting it in the channel');
        return postLate(message);
      }
    },
  };
}

export async function channelTarget(poster: ChannelPoster, channelId: string, replyTo: string, firstText: string, log: Log): Promise<ReplyTarget> {
  const { id } = await poster.post(channelId, { content: firstText }, replyTo);
  return placeholderTarget(poster, channelId, id, log);
}

/** A placeholder message already posted in the channel, edited as the work moves and replaced by the result. */
export function placeholderTarget(poster: ChannelPoster, channelId: string, id: string, log: Log): ReplyTarget {
  return {
    async progress(text) {
      await poster.edit(channelId, id, { content: text }).catch((err: Error) => log.warn(`progress edit failed: ${err.message}`));
    },
    async finish(message) {
      await poster.edit(channelId, id, message);
      return id;
    },
  };
}
