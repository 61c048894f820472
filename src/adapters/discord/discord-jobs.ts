/**
 * Discord summaries through the job queue: handlers `submit` a plain-JSON payload (persisted by the queue); the
 * registered handler turns it back into a loader and a reply target and runs it. While the process that accepted a
 * job is alive, its live interaction object edits the reply (as before); a job picked up after a restart edits the
 * same deferred reply over REST with the persisted token, or, past Discord's 15-minute window, answers in the channel.
 */
import type { REST, RepliableInteraction } from 'discord.js';
import type { JobQueue } from '../../core/queue/index.ts';
import { QUEUE_WORDS } from '../common/queue-words.ts';
import type { BotContext } from './context.ts';
import { DISCORD_JOB_KIND, type DiscordJobPayload } from './discord-job.ts';
import { attachmentLoader, loaderFor } from './paper-loaders.ts';
import { interactionTarget, placeholderTarget, webhookTarget, type ReplyTarget } from './reply-target.ts';
import { runJob } from './run-job.ts';
import { WORDS } from './words.ts';

export type SubmitDiscordJob = (payload: DiscordJobPayload, who: { user: string; channel: string; guild?: string | null }, interaction?: RepliableInteraction) => Promise<void>;

export function registerDiscordJobs(queue: JobQueue, ctx: Omit<BotContext, 'submit'>, rest: REST): SubmitDiscordJob {
  // Interactions of this process's jobs, by interaction id: discord.js edits through them while they are alive.
  const live = new Map<string, RepliableInteraction>();
  // "Queued, position N" edits still on their way, by job id: the job waits for its note so that none lands later.
  const notes = new Map<string, Promise<unknown>>();

  const targetFor = (p: DiscordJobPayload): ReplyTarget => {
    const r = p.reply;
    if (r.kind === 'channel') return placeholderTarget(ctx.poster, r.channelId, r.messageId, ctx.log);
    const w = { arrivedAt: r.arrivedAt, windowMs: ctx.windowMs, marginMs: ctx.marginMs, now: ctx.now };
    const late = { poster: ctx.poster, channelId: r.channelId, replyTo: r.replyTo, note: WORDS.late[p.language], log: ctx.log };
    const interaction = live.get(r.interactionId);
    return interaction ? interactionTarget(interaction, w, late) : webhookTarget(rest, r.applicationId, r.token, w, late);
  };

  queue.handle<DiscordJobPayload>(DISCORD_JOB_KIND, async (job, { replayed, signal }) => {
    const p = job.payload;
    await notes.get(job.id);
    notes.delete(job.id);
    // Run again after its answer went out (a worker died just after posting, a retry): the reply has it already.
    if (await ctx.delivery.wasPosted(job.id)) {
      ctx.log.info(`job ${job.id} was answered before; not posting again`);
      if (p.reply.kind === 'interaction') live.delete(p.reply.interactionId);
      return 'done';
    }
    const target = targetFor(p);
    if (replayed) await target.progress(QUEUE_WORDS.resumed[p.language]).catch(() => {});
    // A replayed channel message is fetched again: its attachment's CDN link may have expired meanwhile.
    const fresh = replayed && p.ref.kind === 'message';
    const load = p.attachment && !fresh ? attachmentLoader(p.attachment, ctx.loaders) : loaderFor(p.ref, ctx.loaders);
    const where = p.reply.channelId ? { platform: 'discord' as const, workspace: p.guildId ?? 'dm', channel: p.reply.channelId } : undefined;
    const outcome = await runJob({ language: p.language, engine: p.engine, bypassCache: p.bypassCache ?? false, ref: p.ref, load, signal, where }, target, ctx.job, p.describe);
    if (outcome !== 'handed-back') await ctx.delivery.markPosted(job.id);
    if (p.reply.kind === 'interaction') live.delete(p.reply.interactionId);
    return outcome === 'handed-back' ? 'handed-back' : 'done';
  });

  // Given up for good (kept crashing, or kept killing its worker): the reply says so instead of "working…" forever.
  queue.onFailure<DiscordJobPayload>(DISCORD_JOB_KIND, async (job) => {
    const p = job.payload;
    if (await ctx.delivery.wasPosted(job.id)) return;
    await targetFor(p).finish({ content: `❌ ${QUEUE_WORDS.gaveUp[p.language]}`, embeds: [], components: [] });
    await ctx.delivery.markPosted(job.id);
    if (p.reply.kind === 'interaction') live.delete(p.reply.interactionId);
  });

  return async (given, who, interaction) => {
    if (interaction) live.set(interaction.id, interaction);
    const payload: DiscordJobPayload = { ...given, guildId: given.guildId ?? who.guild ?? interaction?.guildId ?? null };
    const accepted = await queue.enqueue<DiscordJobPayload>({ kind: DISCORD_JOB_KIND, user: `discord:${who.user}`, channel: `discord:${who.channel}`, payload });
    if (accepted.position === 0) return;
    const note = targetFor(payload)
      .progress(QUEUE_WORDS.queued[payload.language](accepted.position))
      .catch((err: Error) => ctx.log.warn(`posting the queue position failed: ${err.message}`));
    notes.set(accepted.id, note);
  };
}

/** The reply part of a payload for a deferred interaction. */
export function interactionReply(interaction: RepliableInteraction, arrivedAt: number, replyTo?: string): DiscordJobPayload['reply'] {
  return {
    kind: 'interaction',
    interactionId: interaction.id,
    applicationId: interaction.applicationId,
    token: interaction.token,
    arrivedAt,
    channelId: interaction.channelId,
    ...(replyTo ? { replyTo } : {}),
  };
}
