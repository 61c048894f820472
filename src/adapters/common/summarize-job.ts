/** The platform-neutral middle of every chat job: get the PDF (saying when a download starts), then summarize it. */
import type { LoadedPaper } from '../../core/input/load-paper.ts';
import type { Summarizer } from '../../core/pipeline/summarizer.ts';
import type { Engine, Language, ProgressListener, SummaryResult } from '../../core/types.ts';

export interface SummarizeJob {
  language: Language;
  engine: Engine;
  /** Skip the cache (the Regenerate button). */
  bypassCache?: boolean | undefined;
  /** Report the summary while it is written (`{ stage: 'writing', draft }` events): the platform streams it. */
  reportDrafts?: boolean | undefined;
  /** Gets the PDF; calls `downloading()` before a network download starts. */
  load: (downloading: () => void) => Promise<Pick<LoadedPaper, 'bytes' | 'fileName' | 'knownPaperUrl'>>;
}

export async function summarizeJob(job: SummarizeJob, summarizer: Summarizer, progress: ProgressListener): Promise<SummaryResult> {
  const paper = await job.load(() => progress({ stage: 'downloading' }));
  return summarizer.summarize(
    {
      bytes: paper.bytes,
      fileName: paper.fileName,
      language: job.language,
      engine: job.engine,
      ...(job.bypassCache ? { bypassCache: true } : {}),
      ...(job.reportDrafts ? { reportDrafts: true } : {}),
      ...(paper.knownPaperUrl ? { knownPaperUrl: paper.knownPaperUrl } : {}),
    },
    progress,
  );
}
