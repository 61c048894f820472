/**
 * The command line's first file, sent to the early parser child (pdf-worker-launch.ts) before the configuration is
 * read, with the default limits: the child reads it while this process loads zod, the configuration and the pipeline.
 * The pool adopts the job with the child (pdf-extractor.ts): from then on its time limit and memory watch apply, and
 * the pipeline's extract of the same bytes and page limit takes its result.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { WorkerJob, WorkerReply } from './pdf-worker/jobs.ts';

/** The pool's own job ids start after it. */
export const EARLY_JOB_ID = 0;

export interface EarlyJob {
  bytes: Uint8Array;
  maxPages: number;
  /** Its replies until the pool adopted it. */
  replies: WorkerReply[];
  /** Resolves once its bytes are all written to the child. */
  written: Promise<void>;
}

let pending: { proc: ChildProcess; job: EarlyJob; listen: (r: WorkerReply) => void } | undefined;

/**
 * One per process, on the early child; its replies are kept until the pool adopts it. The child reads the file itself:
 * a file larger than the IPC socket's buffer would otherwise reach it only when this process's event loop is free again,
 * and it is busy loading then. `bytes` are what this process read, which the child's reading must hash to.
 */
export function sendEarlyJob(proc: ChildProcess, file: string, bytes: Uint8Array, maxPages: number): void {
  if (pending || !proc.connected) return;
  const replies: WorkerReply[] = [];
  const listen = (r: WorkerReply) => {
    if (r.id === EARLY_JOB_ID) replies.push(r);
  };
  proc.on('message', listen);
  const written = new Promise<void>((resolve) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    proc.send({ id: EARLY_JOB_ID, kind: 'extract-file', file: path.resolve(file), sha256, maxPages } satisfies WorkerJob, (err) => {
      if (!err) resolve();
    });
  });
  pending = { proc, job: { bytes, maxPages, replies, written }, listen };
}

/** The early job on this child, if it has one: the caller listens for its replies from now on. */
export function takeEarlyJob(proc: ChildProcess): EarlyJob | undefined {
  if (!pending || pending.proc !== proc) return undefined;
  const { job, listen } = pending;
  pending = undefined;
  proc.off('message', listen);
  return job;
}
