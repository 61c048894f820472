/**
 * Discord's side of the shared job flow. Handlers `submit` a plain-JSON payload; the flow turns it back into a loader
 * and a reply poster. While the process that accepted a job is alive, its live interaction object edits the reply; a
 * job picked up after a restart edits the same deferred reply over REST with the persisted token, or, past Discord's
 * 15-minute window, answers in the channel.
 *
 * Live interactions are kept only by a process that runs jobs, and only for the token's window: a receiving-only
 * `serve` (scaled mode, WORKER_IN_SERVE=false) keeps none, and a job that another worker ran is not waited for forever.
 *
 * Each poster writes through a lane (reply-lane.ts) that paces its edits and streams the summary being written. When
 * a job is settled here, its lanes are closed: a run given up on (handed back) whose summary is still being written in
 * the background never edits the reply again, so the run that takes over continues in the same message alone.
 */
import type { REST, RepliableInteraction } from 'discord.js';
import type { SummaryCache } from '../../core/ports.ts';
import type { DeliveryLedger, JobQueue } from '../../core/queue/index.ts';
import type { PlatformJobs } from '../common/job-flow/platform-jobs.ts';
import { registerJobs } from '../common/job-flow/register-jobs.ts';
import type { JobFlowDeps } from '../common/job-flow/run-paper-job.ts';
import type { Log } from '../common/log.ts';
import type { ChannelPoster } from './channel-poster.ts';
import { DISCORD_JOB_KIND, type DiscordJobPayload } from './discord-job.ts';
import { attachmentLoader, loaderFor, type LoaderDeps } from './paper-loaders.ts';
import { createEditPace, type EditPace } from './edit-pace.ts';
import { createReplyLane, type ReplyLane } from './reply-lane.ts';
import { replyPoster } from './reply-poster.ts';
import { interactionTarget, placeholderTarget, webhookTarget, type ReplyTarget } from './reply-target.ts';
import { discordQuotaSubject, quotaPlace } from './quota-subject.ts';
import { progressText, WORDS } from './words.ts';

export interface SubmitDiscordJob {
  (payload: DiscordJobPayload, who: { user: string; channel: string; guild?: string | null }, interaction?: RepliableInteraction): Promise<void>;
  /** How many jobs this process keeps something for (live interactions, notes on their way): health checks and tests. */
  held(): number;
}

export interface DiscordJobsDeps {
  rest: REST;
  poster: ChannelPoster;
  loaders: LoaderDeps;
  cache?: SummaryCache | undefined;
  log: Log;
  /** The interaction token's lifetime, the margin kept before it ends, and the clock. */
  windowMs: number;
  marginMs: number;
  now: () => number;
}

export function registerDiscordJobs(queue: JobQueue, ledger: DeliveryLedger, deps: DiscordJobsDeps, flow: JobFlowDeps): SubmitDiscordJob {
  // Interactions of this process's jobs, by interaction id: discord.js edits through them while they are alive.
  const live = new Map<string, { interaction: RepliableInteraction; expiry: NodeJS.Timeout }>();
  const keepLive = queue.runsJobs !== false;
  const forget = (id: string) => {
    clearTimeout(live.get(id)?.expiry);
    live.delete(id);
  };

  // The lanes of posters made for a payload object (the queue hands each run the same one), closed when it settles;
  // the runs of one payload share the reply's edit budget.
  const lanes = new WeakMap<DiscordJobPayload, ReplyLane[]>();
  const paces = new WeakMap<DiscordJobPayload, EditPace>();
  const laneFor = (p: DiscordJobPayload): ReplyLane => {
    let pace = paces.get(p);
    if (!pace) paces.set(p, (pace = createEditPace()));
    const lane = createReplyLane({ log: deps.log, pace });
    lanes.set(p, [...(lanes.get(p) ?? []), lane]);
    return lane;
  };

  const targetFor = (p: DiscordJobPayload): ReplyTarget => {
    const r = p.reply;
    if (r.kind === 'channel') return placeholderTarget(deps.poster, r.channelId, r.messageId, deps.log);
    const w = { arrivedAt: r.arrivedAt, windowMs: deps.windowMs, marginMs: deps.marginMs, now: deps.now };
    const late = { poster: deps.poster, channelId: r.channelId, replyTo: r.replyTo, note: WORDS.late[p.language], log: deps.log };
    const interaction = live.get(r.interactionId)?.interaction;
    return interaction ? interactionTarget(interaction, w, late) : webhookTarget(deps.rest, r.applicationId, r.token, w, late);
  };

  const platform: PlatformJobs<DiscordJobPayload> = {
    kind: DISCORD_JOB_KIND,
    request: (p) => ({
      language: p.language,
      engine: p.engine,
      bypassCache: p.bypassCache,
      where: p.reply.channelId ? { platform: 'discord', workspace: p.guildId ?? 'dm', channel: p.reply.channelId } : undefined,
      describe: p.describe,
      place: quotaPlace(p.guildId),
    }),
    quotaSubject: (p, owner) => discordQuotaSubject(owner.user, p.guildId),
    load(p, run) {
      // A replayed channel message is fetched again: its attachment's CDN link may have expired meanwhile.
      const fresh = run.replayed && p.ref.kind === 'message';
      return p.attachment && !fresh ? attachmentLoader(p.attachment, deps.loaders) : loaderFor(p.ref, deps.loaders);
    },
    poster: (p) => replyPoster(targetFor(p), { workspace: p.guildId ?? 'dm', channel: p.reply.channelId, ref: p.ref }, deps.cache, laneFor(p)),
    progressText,
    settled(p) {
      if (p.reply.kind === 'interaction') forget(p.reply.interactionId);
      for (const lane of lanes.get(p) ?? []) lane.close();
      lanes.delete(p);
    },
  };
  const submit = registerJobs(queue, ledger, platform, flow);

  const submitDiscord = async (given: DiscordJobPayload, who: { user: string; channel: string; guild?: string | null }, interaction?: RepliableInteraction) => {
    if (interaction && keepLive) {
      forget(interaction.id);
      // Past the token's window the reply goes through the channel anyway: nothing to keep the object for.
      const expiry = setTimeout(() => live.delete(interaction.id), deps.windowMs);
      expiry.unref();
      live.set(interaction.id, { interaction, expiry });
    }
    const payload: DiscordJobPayload = { ...given, guildId: given.guildId ?? who.guild ?? interaction?.guildId ?? null };
    await submit(payload, { user: `discord:${who.user}`, channel: `discord:${who.channel}` });
  };
  return Object.assign(submitDiscord, { held: () => live.size + submit.held() });
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
