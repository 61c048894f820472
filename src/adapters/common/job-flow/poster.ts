/**
 * The output side a chat platform gives the shared job flow, one per job: where the job's progress and answer go.
 * Text is already in the platform's words; the summary is rendered by the poster itself (Block Kit, embeds).
 */
import type { SummaryResult } from '../../../core/types.ts';

export interface PostedSummary {
  /** A link to the answer for the channel's paper list (null when the platform did not say). */
  link: string | null;
}

export interface Poster {
  /** Shows that work started: a placeholder reply (reusing the one an earlier run of the job recorded), a reaction. */
  open(text: string): Promise<void>;
  /** Replaces the placeholder's text; a failed edit is logged, never thrown. */
  progress(text: string): Promise<void>;
  /** A note about the job's place in line or a restart, said where the job's answer will appear. */
  note(text: string): Promise<void>;
  /**
   * The summary as the model writes it (plain text in the six-item form, not yet escaped; '' when a broken stream
   * starts over). Platforms that stream implement it: the poster paces its own writes within the platform's limits,
   * may skip stale texts, and settles what it started before `finish` or `fail` replace it. Never throws.
   */
  draft?(text: string): void;
  /** The summary, in place of the placeholder (or of the streamed text). */
  finish(result: SummaryResult): Promise<PostedSummary>;
  /** The failure in plain words, in place of the placeholder. */
  fail(message: string): Promise<void>;
}
