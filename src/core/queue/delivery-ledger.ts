/**
 * Exactly-once delivery on top of at-least-once processing: a job may run again (its worker died, a handler threw
 * and BullMQ retried it, a restart replayed it), but the user sees one answer. Per job id it records
 * - the message the job posts into (the first one recorded wins, so a rerun edits the same placeholder), and
 * - that the answer went out (a rerun after that posts nothing).
 * The summary itself is cached before it is posted, so a rerun that still has to post costs no model call.
 * Kept in the ClaimStore (Redis in scaled mode, the cache's store otherwise), for as long as a job can be retried.
 */
import type { ClaimStore } from '../ports.ts';

export interface DeliveryLedger {
  /** True once the job's answer was posted. */
  wasPosted(jobId: string): Promise<boolean>;
  markPosted(jobId: string): Promise<void>;
  /** The message an earlier run of this job posted into, if any. */
  message(jobId: string): Promise<string | undefined>;
  /** Records `messageId` as the job's message unless one is recorded; returns the recorded one. */
  keepMessage(jobId: string, messageId: string): Promise<string>;
}

/** A week: longer than a job stays in BullMQ's failed set or the in-process store. */
export const DELIVERY_TTL_MS = 7 * 24 * 3600 * 1000;

export function createDeliveryLedger(store: ClaimStore, ttlMs = DELIVERY_TTL_MS): DeliveryLedger {
  const posted = (id: string) => `delivery:posted:${id}`;
  const msg = (id: string) => `delivery:message:${id}`;
  return {
    wasPosted: async (id) => !!(await store.peek(posted(id))),
    markPosted: async (id) => void (await store.claim(posted(id), ttlMs)),
    message: (id) => store.peek<string>(msg(id)),
    keepMessage: (id, messageId) => store.keepFirst(msg(id), messageId, ttlMs),
  };
}
