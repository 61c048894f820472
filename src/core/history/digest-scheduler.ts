/**
 * Posts each subscribed channel's weekly digest once per week. Nothing depends on a timer surviving: every tick asks
 * "which finished week is due and not yet posted?", and "posted" is a persisted claim on channel + week. So a restart,
 * a late start or two ticks at once never post twice, and a week missed while the bot was down is posted when it is
 * back (only the last finished week; older ones are not worth a late digest).
 */
import type { ClaimStore } from '../ports.ts';
import type { ChannelHistory } from './channel-history.ts';
import { digestLines, previousWeek, type DigestLine, type Period } from './digest.ts';
import type { DigestSubscription, DigestSubscriptions } from './digest-subscriptions.ts';

/** Posts a digest to a channel of one platform. */
export type DigestPoster = (sub: DigestSubscription, period: Period, lines: DigestLine[]) => Promise<void>;

export interface DigestSchedulerDeps {
  subscriptions: DigestSubscriptions;
  history: ChannelHistory;
  claims: ClaimStore;
  posters: Partial<Record<DigestSubscription['platform'], DigestPoster>>;
  now?: () => number;
  log?: (message: string) => void;
}

/** A finished week's digest goes out from Monday 09:00 UTC. */
const DUE_AFTER_MS = 9 * 3600 * 1000;
const CLAIM_TTL_MS = 21 * 24 * 3600 * 1000;

export interface DigestScheduler {
  /** One pass over the subscriptions; returns how many digests were posted. */
  tick(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): void;
}

export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  const pass = async (): Promise<number> => {
    const t = now();
    const period = previousWeek(t);
    if (t < period.to + DUE_AFTER_MS) return 0;
    let posted = 0;
    for (const sub of await deps.subscriptions.list()) {
      const post = deps.posters[sub.platform];
      if (!post) continue; // that platform is not running in this process
      const key = `digest:${sub.platform}:${sub.workspace}:${sub.channel}:${period.id}`;
      if (!(await deps.claims.claim(key, CLAIM_TTL_MS))) continue;
      const entries = await deps.history.between(sub, period.from, period.to);
      if (entries.length === 0) continue; // a quiet week gets no message
      try {
        await post(sub, period, digestLines(entries));
        posted++;
      } catch (err) {
        // Let the next tick try again rather than lose the week.
        await deps.claims.release(key);
        deps.log?.(`posting the digest to ${sub.platform}:${sub.channel} failed: ${(err as Error).message}`);
      }
    }
    return posted;
  };
  const tick = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    tick,
    start(intervalMs = 10 * 60 * 1000) {
      void tick().catch(() => 0);
      timer = setInterval(() => void tick().catch(() => 0), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
