/**
 * Exactly-once for Slack, across restarts: each event id and each file shared in a channel is worked on once, and
 * each paper remembers the thread where a workspace first got its summary. The in-memory OnceSet answers repeats in
 * this process at once; the ClaimStore (SQLite by default) answers after a restart. Keys carry the workspace (team)
 * so that a thread link never crosses workspaces.
 */
import type { ClaimStore } from '../../core/ports.ts';
import { createOnceSet } from './once.ts';

export interface ThreadRef {
  channel: string;
  ts: string;
}

export interface SlackClaims {
  /** True for the first delivery of an event id (Slack retries carry the same id). */
  event(eventId: string): Promise<boolean>;
  /** True the first time this file is shared in this channel. */
  file(team: string, channel: string, fileId: string): Promise<boolean>;
  /** Lets the file be worked on again: its summary failed for a reason that may pass. */
  releaseFile(team: string, channel: string, fileId: string): Promise<void>;
  /** Remembers `here` as the first thread with this paper's summary in the workspace unless one is known; returns the first. */
  firstThread(team: string, sha256: string, here: ThreadRef): Promise<ThreadRef>;
}

export interface SlackClaimsOptions {
  store: ClaimStore;
  /** How long event ids and channel + file keys are remembered. */
  dedupeTtlMs: number;
  /** How long the first thread of a paper is remembered. */
  threadTtlMs: number;
}

export function createSlackClaims({ store, dedupeTtlMs, threadTtlMs }: SlackClaimsOptions): SlackClaims {
  const seen = createOnceSet(dedupeTtlMs);
  const fileKey = (team: string, channel: string, fileId: string) => `slack:file:${team}:${channel}:${fileId}`;
  const once = async (key: string) => seen.first(key) && (await store.claim(key, dedupeTtlMs));
  return {
    event: (eventId) => once(`slack:event:${eventId}`),
    file: (team, channel, fileId) => once(fileKey(team, channel, fileId)),
    async releaseFile(team, channel, fileId) {
      const key = fileKey(team, channel, fileId);
      seen.forget(key);
      await store.release(key);
    },
    firstThread: (team, sha256, here) => store.keepFirst(`slack:thread:${team}:${sha256}`, here, threadTtlMs),
  };
}

/** Failures that the same file will give again (so a retry is pointless) keep their claim; the rest release it. */
const SAME_AGAIN = new Set<string>(['not_pdf', 'encrypted', 'no_text', 'too_large', 'too_many_pages', 'url_refused']);

export function failureMayPass(code: string): boolean {
  return !SAME_AGAIN.has(code);
}
