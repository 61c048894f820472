/**
 * Every write of one job to its Discord reply, in order and within the message's edit budget (edit-pace.ts):
 * statuses wait for a slot; the summary being written is coalesced (only the latest text is sent, one edit in flight,
 * at least `draftGapMs` apart, one slot always left for the final message); the last write stops the drafts, lets the
 * one on its way land, then replaces them exactly once.
 *
 * 429s: the bot's REST (discord.js defaults, `rejectOnRateLimit` unset) waits Retry-After and sends the same edit
 * again; since this lane has one edit in flight at most, nothing piles up behind it but the final message.
 */
import type { Log } from '../common/log.ts';
import { createEditPace, type EditPace } from './edit-pace.ts';

export interface ReplyLane {
  /** A status line (progress, a note); remembered to show again when a broken stream starts over. */
  status(text: string, write: (text: string) => Promise<void>): Promise<void>;
  /** The summary so far (plain text; '' = the stream started over: the last status again). Never throws. */
  draft(text: string, write: (text: string) => Promise<void>): void;
  /** The final write (summary or failure): after it nothing else is written through this lane. */
  last<T>(write: () => Promise<T>): Promise<T>;
  /** The job is done in this process: later statuses and drafts (of a run given up on) are dropped. */
  close(): void;
}

export interface LaneOptions {
  log: Log;
  pace?: EditPace;
  /** Least time between two draft edits. */
  draftGapMs?: number;
  now?: () => number;
}

export const DRAFT_GAP_MS = 1_000;

export function createReplyLane(opts: LaneOptions): ReplyLane {
  const now = opts.now ?? Date.now;
  const pace = opts.pace ?? createEditPace({ now });
  const gap = opts.draftGapMs ?? DRAFT_GAP_MS;
  // Writes run one after the other; one that finds the lane idle starts at once (not a tick later).
  let chain: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    queued++;
    const p = queued === 1 ? work() : chain.then(work);
    chain = p.catch(() => {}).finally(() => queued--);
    return p;
  };
  /** `write` once a slot of the budget is free. */
  const inSlot = <T>(write: () => Promise<T>): Promise<T> => pace.take()?.then(write) ?? write();

  let closed = false;
  let ended = false;
  let lastStatus = '';
  let shown = '';
  let pending: { text: string; write: (text: string) => Promise<void> } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let drafting = false;
  let lastDraftAt = -Infinity;

  const stopDrafts = () => {
    pending = null;
    clearTimeout(timer);
    timer = undefined;
  };

  const writeDraft = async () => {
    if (closed || ended || !pending) return;
    // A status may have taken the slot meanwhile: the finally below schedules again.
    if (pace.delay(1) > 0) return;
    const { text, write } = pending;
    pending = null;
    if (text === shown) return;
    pace.record();
    lastDraftAt = now();
    shown = text;
    await write(text).catch((err: Error) => opts.log.warn(`draft edit failed: ${err.message}`));
  };

  const schedule = () => {
    if (timer || drafting || !pending) return;
    const wait = Math.max(0, pace.delay(1), lastDraftAt + gap - now());
    timer = setTimeout(() => {
      timer = undefined;
      drafting = true;
      void enqueue(writeDraft).finally(() => {
        drafting = false;
        schedule();
      });
    }, wait);
  };

  return {
    status(text, write) {
      if (closed || ended) return Promise.resolve();
      lastStatus = text;
      return enqueue(() =>
        inSlot(() => {
          shown = text;
          return write(text);
        }),
      );
    },
    draft(text, write) {
      if (closed || ended) return;
      const next = text === '' ? lastStatus : text;
      if (!next) return;
      pending = { text: next, write };
      schedule();
    },
    last(write) {
      ended = true;
      stopDrafts();
      return enqueue(() => inSlot(write));
    },
    close() {
      closed = true;
      stopDrafts();
    },
  };
}
