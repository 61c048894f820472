/**
 * Discord's budget for editing one message: at most 5 edits in any 5 seconds (a little margin is kept, since Discord
 * counts arrivals and we count departures). A sliding window over this message's own edits; `reserve` keeps slots
 * free for writes that must not wait (the summary drafts leave one for the final message). Pure timing, clock injected.
 */
export interface EditPace {
  /** Milliseconds until an edit may start with `reserve` slots left free (0: now). */
  delay(reserve?: number): number;
  /** Counts an edit that starts now. */
  record(): void;
  /** Takes a free slot (none reserved) now and gives undefined, or gives the wait until one is taken. */
  take(): Promise<void> | undefined;
}

export const DISCORD_EDITS = { limit: 5, windowMs: 5_000, marginMs: 500 } as const;

export function createEditPace(opts: { limit?: number; windowMs?: number; now?: () => number } = {}): EditPace {
  const limit = opts.limit ?? DISCORD_EDITS.limit;
  const windowMs = opts.windowMs ?? DISCORD_EDITS.windowMs + DISCORD_EDITS.marginMs;
  const now = opts.now ?? Date.now;
  const starts: number[] = [];
  const delay = (reserve = 0) => {
    const t = now();
    while (starts.length && starts[0]! <= t - windowMs) starts.shift();
    const allowed = Math.max(1, limit - reserve);
    if (starts.length < allowed) return 0;
    // The edit that has to leave the window before one more fits.
    return starts[starts.length - allowed]! + windowMs - t;
  };
  const record = () => void starts.push(now());
  return {
    delay,
    record,
    take() {
      if (delay() <= 0) return void record();
      return (async () => {
        for (let d = delay(); d > 0; d = delay()) await new Promise((r) => setTimeout(r, d));
        record();
      })();
    },
  };
}
