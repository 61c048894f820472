/**
 * Paces the writes of streamed text within Slack's limits: every message at most once per `perMessageMs`, and all
 * messages of a workspace together within `perMinute` (a token bucket with a small burst, so the first words of a new
 * stream go out at once). Only the latest text of a message matters: a write queued for a message replaces the one
 * still waiting (`schedule` takes a function that reads the latest text when it runs). When several messages wait,
 * the one written least recently goes first, so three streams share the budget instead of one starving the others.
 * One pacer per app (per Web API method family), shared by all jobs; entries are dropped when a message is settled.
 */

export interface WritePacer {
  /** Queues `write` for message `key` of workspace `team`, replacing a queued one that has not started. */
  schedule(team: string, key: string, write: () => Promise<void>): void;
  /**
   * Drops the queued write, waits for the one under way, then until the message may be written again (so the write
   * that follows — the final message — keeps the pace too), and forgets the message.
   */
  settle(team: string, key: string): Promise<void>;
}

export interface WritePacerOptions {
  /** Writes per minute per workspace, all messages together. */
  perMinute: number;
  /** Writes the bucket holds when it is full (a burst). */
  burst?: number;
  /** Least time between two writes of one message. */
  perMessageMs?: number;
  now?: () => number;
}

interface MessageState {
  pending: (() => Promise<void>) | undefined;
  running: Promise<void> | undefined;
  /** When its last write started (-Infinity: never). */
  last: number;
}

interface Workspace {
  tokens: number;
  at: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  messages: Map<string, MessageState>;
}

export function createWritePacer(opts: WritePacerOptions): WritePacer {
  const now = opts.now ?? Date.now;
  const burst = opts.burst ?? 3;
  const gap = opts.perMessageMs ?? 1000;
  const perMs = opts.perMinute / 60_000;
  const workspaces = new Map<string, Workspace>();

  const workspace = (team: string): Workspace => {
    let ws = workspaces.get(team);
    if (!ws) workspaces.set(team, (ws = { tokens: burst, at: now(), timer: undefined, messages: new Map() }));
    return ws;
  };

  const pump = (team: string, ws: Workspace) => {
    if (ws.timer) return;
    for (;;) {
      const t = now();
      ws.tokens = Math.min(burst, ws.tokens + (t - ws.at) * perMs);
      ws.at = t;
      let next: MessageState | undefined;
      let wait = Infinity;
      for (const m of ws.messages.values()) {
        if (!m.pending || m.running) continue;
        const readyIn = m.last + gap - t;
        if (readyIn > 0) wait = Math.min(wait, readyIn);
        else if (!next || m.last < next.last) next = m;
      }
      if (next && ws.tokens >= 1) {
        ws.tokens -= 1;
        const write = next.pending!;
        const m = next;
        m.pending = undefined;
        m.last = t;
        m.running = write()
          .catch(() => undefined)
          .finally(() => {
            // The gap counts from when Slack answered: requests can arrive closer together than they were sent
            // (seen: 985 ms apart on a loaded machine), answers cannot precede their requests.
            m.last = now();
            m.running = undefined;
            pump(team, ws);
          });
        continue;
      }
      if (next) wait = Math.min(wait, (1 - ws.tokens) / perMs);
      if (wait === Infinity) {
        // Nothing waits: a workspace with no messages left is forgotten (its bucket refills by then anyway).
        if (ws.messages.size === 0 && ws.tokens >= burst - 1e-9) workspaces.delete(team);
        return;
      }
      ws.timer = setTimeout(() => {
        ws.timer = undefined;
        pump(team, ws);
      }, Math.ceil(wait));
      return;
    }
  };

  return {
    schedule(team, key, write) {
      const ws = workspace(team);
      let m = ws.messages.get(key);
      if (!m) ws.messages.set(key, (m = { pending: undefined, running: undefined, last: -Infinity }));
      m.pending = write;
      pump(team, ws);
    },
    async settle(team, key) {
      const ws = workspaces.get(team);
      const m = ws?.messages.get(key);
      if (!ws || !m) return;
      m.pending = undefined;
      await m.running;
      const left = m.last + gap - now();
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      if (ws.messages.get(key) === m && !m.pending && !m.running) ws.messages.delete(key);
    },
  };
}
