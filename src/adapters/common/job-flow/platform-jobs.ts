/**
 * What a chat platform supplies to the shared job flow: its job payload (plain JSON, kept by the queue) turned into
 * the request, the paper loader and a poster; and what else it keeps once an answer is out. Receiving (events,
 * interactions → payload) and rendering stay in the platform's own files.
 */
import type { SummarizeJob } from '../summarize-job.ts';
import type { QuotaPlace } from '../limit-words.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { ChannelScope } from '../../../core/history/types.ts';
import type { QuotaSubject } from '../../../core/quota/index.ts';
import type { Engine, Language, ProgressStage, SummaryResult } from '../../../core/types.ts';
import type { Poster } from './poster.ts';

export interface JobRequest {
  language: Language;
  engine: Engine;
  /** Skip the cache (the Regenerate button). */
  bypassCache?: boolean | undefined;
  /** Where the answer is posted: the channel's paper list records it there (none in a DM on some platforms). */
  where?: ChannelScope | undefined;
  /** For the log: a file name or a link. */
  describe: string;
  /** What the daily cap's words call the place it counts in (default: workspace). */
  place?: QuotaPlace | undefined;
  /** Set by the flow: charges the spending caps right before the model is called (see PaperRequest.beforeModel). */
  beforeModel?: (() => Promise<void>) | undefined;
}

/** Gets the PDF; calls `downloading()` before a network download starts. */
export type PaperLoader = SummarizeJob['load'];

/** Where a job stands in its flow; `replayed` when an earlier process accepted it. */
export interface JobRun {
  id: string;
  replayed: boolean;
}

export interface PlatformJobs<P> {
  /** The queue's name for this platform's jobs. */
  kind: string;
  request(payload: P): JobRequest;
  /** Who pays for the job's model call: `owner` is who the queue has it from (platform-prefixed user and channel). */
  quotaSubject(payload: P, owner: { user: string; channel: string }): QuotaSubject;
  load(payload: P, run: JobRun): PaperLoader;
  poster(payload: P, run: JobRun): Poster;
  /** The placeholder's words for a stage. */
  progressText(stage: ProgressStage | { stage: 'start' }, language: Language): string;
  /** After the summary is out (thread memory and the like); must not throw. */
  afterPosted?(payload: P, result: SummaryResult): Promise<void>;
  /** After a failure was told (or the job was given up: code 'internal'). */
  afterFailed?(payload: P, code: ErrorCode | 'internal'): Promise<void>;
  /** The job is finished in this process, whatever became of it (live objects can be let go). */
  settled?(payload: P): void;
}
