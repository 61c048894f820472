/**
 * At most one request per interval to a registry that asks for it (arXiv: one every 3 s), shared by every process
 * that shares the claim store (Redis in scaled mode; this process's memory otherwise). A turn is a claim on one key
 * held for the interval plus a margin: whoever gets it may send, the others poll until it lapses, for at most
 * `maxWaitMs`. The margin covers the time from a turn to its request's arrival (connecting, a busy event loop), which
 * differs between two requests: the registry must see them an interval apart, not only the claims.
 */
import type { ClaimStore } from '../ports.ts';
import { createMemoryClaims } from '../queue/memory-claims.ts';

/** arXiv's API terms: no more than one request every three seconds. */
export const ARXIV_INTERVAL_MS = 3000;

export interface PacerOptions {
  key: string;
  intervalMs: number;
  /** Added to each turn's hold; default a fifth of the interval (600 ms for arXiv). */
  marginMs?: number;
  /** Longest wait for a turn; past it `turn()` resolves false. */
  maxWaitMs: number;
  claims?: Pick<ClaimStore, 'claim'> | undefined;
  /** How often a waiting caller tries again. */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** True once this caller holds the turn (send now); false when no turn came within maxWaitMs. */
  turn(): Promise<boolean>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPacer(opts: PacerOptions): Pacer {
  const claims = opts.claims ?? createMemoryClaims();
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const holdMs = opts.intervalMs + (opts.marginMs ?? Math.round(opts.intervalMs / 5));
  const pollMs = opts.pollMs ?? Math.max(10, Math.min(200, Math.floor(opts.intervalMs / 10)));
  return {
    async turn() {
      const deadline = now() + opts.maxWaitMs;
      for (;;) {
        if (await claims.claim(opts.key, holdMs)) return true;
        const left = deadline - now();
        if (left <= 0) return false;
        await sleep(Math.min(pollMs, left));
      }
    },
  };
}
