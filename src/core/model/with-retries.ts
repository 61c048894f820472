/**
 * Bounded retries with exponential backoff and jitter; a server's Retry-After is honoured up to a cap. A server that
 * asks for a longer wait gets no retry: the caller hears it at once and can tell the user when to come back.
 */

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff; doubles per retry up to maxDelayMs, minus up to 25 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After waited for. */
  maxRetryAfterMs: number;
}

export const RETRY_DEFAULTS = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30_000 } satisfies RetryPolicy;

/** What to do after a failed attempt: give up, or retry (after the server's Retry-After when it sent one). */
export type RetryVerdict = { retry: false } | { retry: true; afterMs: number | null };

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
}

export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  // Jitter spreads out clients that failed together, so they do not come back together.
  return Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs) * (1 - random() * 0.25);
}

export async function withRetries<T>(attempt: (retry: number) => Promise<T>, verdict: (err: unknown) => RetryVerdict, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry);
    } catch (err) {
      const v = verdict(err);
      if (!v.retry || retry >= policy.maxRetries) throw err;
      if (v.afterMs !== null && v.afterMs > policy.maxRetryAfterMs) throw err;
      await deps.sleep(v.afterMs ?? backoffMs(retry, policy, deps.random));
    }
  }
}
