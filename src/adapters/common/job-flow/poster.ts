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
  /** The summary, in place of the placeholder. */
  finish(result: SummaryResult): Promise<PostedSummary>;
  /** The failure in plain words, in place of the placeholder. */
  fail(message: string): Promise<void>;
}
