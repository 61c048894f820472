/**
 * Spending caps on model calls for chat requests (issue 14): per user per workspace per hour (USER_QUOTA_PER_HOUR) and
 * per workspace per day (WORKSPACE_QUOTA_PER_DAY); 0 = no cap. A charge is one request that is about to call the
 * model (an uncached summary, a Regenerate, a question), however many calls it then makes: the repair or fresh
 * follow-up of a summary and the model guard's retries are part of the one charge, so the number people see ("30
 * summaries/questions per hour") is the number they can ask for. Cache hits, embeddings and the CLI are never charged.
 *
 * Windows are fixed and aligned to UTC (an hour window is a clock hour, a day window a UTC day), so a window's reset
 * time is the same for everyone and on every process. A refused request costs nothing: what it added is given back.
 */
import { PaperError } from '../errors.ts';
import type { QuotaCounter } from './quota-counter.ts';

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Counters outlive their window a little: hosts' clocks differ by seconds, not by this much. */
const GRACE_MS = 60_000;

export interface QuotaLimits {
  /** Model-calling requests per user per workspace per UTC hour; 0 = no cap. */
  userPerHour: number;
  /** Model-calling requests per workspace (Slack team, Discord server) per UTC day; 0 = no cap. */
  workspacePerDay: number;
}

/** Who is charged: ids unique across platforms (e.g. `slack:T1:U1` and `slack:T1`). */
export interface QuotaSubject {
  user: string;
  workspace: string;
}

export interface Quota {
  /**
   * Counts one model-calling request against both caps, or throws PaperError('quota_exceeded', { quota: 'user' |
   * 'workspace', limit, resetsAt (ISO time), retryAfterSeconds }) and counts nothing.
   */
  charge(who: QuotaSubject): Promise<void>;
}

export interface QuotaOptions {
  now?: () => number;
}

/** No caps at all (both limits 0, or nothing to charge): never touches a store. */
export const NO_QUOTA: Quota = { charge: async () => {} };

export function createQuota(counter: QuotaCounter, limits: QuotaLimits, opts: QuotaOptions = {}): Quota {
  const now = opts.now ?? Date.now;
  if (limits.userPerHour <= 0 && limits.workspacePerDay <= 0) return NO_QUOTA;
  return {
    async charge(who) {
      const at = now();
      const caps = [
        { quota: 'user' as const, limit: limits.userPerHour, windowMs: HOUR_MS, id: `user:${who.user}` },
        { quota: 'workspace' as const, limit: limits.workspacePerDay, windowMs: DAY_MS, id: `workspace:${who.workspace}` },
      ].filter((c) => c.limit > 0);
      const taken: Array<{ key: string; expiresAt: number }> = [];
      for (const cap of caps) {
        const start = Math.floor(at / cap.windowMs) * cap.windowMs;
        const end = start + cap.windowMs;
        const key = `${cap.id}:${start}`;
        const count = await counter.add(key, 1, end + GRACE_MS);
        taken.push({ key, expiresAt: end + GRACE_MS });
        if (count > cap.limit) {
          await Promise.all(taken.map((t) => counter.add(t.key, -1, t.expiresAt).catch(() => undefined)));
          throw new PaperError('quota_exceeded', {
            quota: cap.quota,
            limit: cap.limit,
            resetsAt: new Date(end).toISOString(),
            retryAfterSeconds: Math.max(1, Math.ceil((end - at) / 1000)),
          });
        }
      }
    },
  };
}
