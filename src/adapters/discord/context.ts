/** What every handler needs, built once by bot.ts and passed in (no globals). */
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Engine, Language } from '../../core/types.ts';
import type { Log } from '../common/log.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { NO_MENTIONS, safeContent } from './outgoing.ts';
import type { LoaderDeps } from './paper-loaders.ts';
import { interactionTarget, type ReplyTarget } from './reply-target.ts';
import type { SubmitDiscordJob } from './discord-jobs.ts';
import { WORDS } from './words.ts';
import type { ChannelHistory } from '../../core/history/channel-history.ts';
import type { QaDeps } from '../../core/qa/answer-question.ts';
import type { Quota } from '../../core/quota/index.ts';
import type { SummaryCache } from '../../core/ports.ts';
import type { DigestSubscriptions } from '../../core/history/digest-subscriptions.ts';

export interface BotContext {
  defaultLanguage: Language;
  engine: Engine;
  maxPdfBytes: number;
  loaders: LoaderDeps;
  /** Long button references, 👍 / 👎 and the papers' texts (without it: no feedback buttons, no /papers). */
  cache?: SummaryCache | undefined;
  poster: ChannelPoster;
  /** The interaction token's lifetime and the clock (injectable so tests can pass 15 minutes at once). */
  windowMs: number;
  marginMs: number;
  now: () => number;
  log: Log;
  /** Runs work after the handler has answered Discord; never throws. */
  background(what: string, work: () => Promise<unknown>): void;
  /** Hands a summary to the job queue (persisted; told "queued, position N" in the reply when it has to wait). */
  submit: SubmitDiscordJob;
  /** The channels' paper lists (with a cache). */
  history?: ChannelHistory;
  /** Channels that asked for the weekly digest (with a cache). */
  digests?: DigestSubscriptions;
  /** Questions about papers (with a cache and a Q&A set-up). */
  qa?: { deps: QaDeps; cache: SummaryCache; codeVersion: string; quota?: Quota | undefined };
}

export async function replyEphemeral(interaction: RepliableInteraction, text: string): Promise<void> {
  await interaction.reply({ content: safeContent(text), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** The reply target for a deferred interaction that arrived at `arrivedAt`. */
export function deferredTarget(ctx: BotContext, interaction: RepliableInteraction, arrivedAt: number, language: Language, replyTo?: string): ReplyTarget {
  return interactionTarget(
    interaction,
    { arrivedAt, windowMs: ctx.windowMs, marginMs: ctx.marginMs, now: ctx.now },
    { poster: ctx.poster, channelId: interaction.channelId, replyTo, note: WORDS.late[language], log: ctx.log },
  );
}
