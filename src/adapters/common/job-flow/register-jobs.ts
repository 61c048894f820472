/**
 * The shared job flow on the queue, for one platform: `submit` enqueues a payload (persisted by the queue; when it has
 * to wait, the place in line is said where the answer will appear); the handler runs it once per answer, whatever
 * the number of runs (the delivery ledger); a job given up for good is told so instead of "working…" forever.
 */
import type { DeliveryLedger, JobQueue } from '../../../core/queue/index.ts';
import { QUEUE_WORDS } from '../queue-words.ts';
import type { PlatformJobs } from './platform-jobs.ts';
import { runPaperJob, type JobFlowDeps } from './run-paper-job.ts';

/** Who asked and where, as the per-user and per-channel limits count them (platform-prefixed ids). */
export interface JobOwner {
  user: string;
  channel: string;
}

export type SubmitJob<P> = (payload: P, owner: JobOwner) => Promise<void>;

export function registerJobs<P>(queue: JobQueue, ledger: DeliveryLedger, platform: PlatformJobs<P>, deps: JobFlowDeps): SubmitJob<P> {
  // "Queued, position N" notes still on their way, by job id: the job waits for its note so that none lands later.
  const notes = new Map<string, Promise<unknown>>();

  queue.handle<P>(platform.kind, async (job, { replayed, signal }) => {
    const p = job.payload;
    const run = { id: job.id, replayed };
    try {
      await notes.get(job.id);
      notes.delete(job.id);
      // Run again after its answer went out (a worker died just after posting, a retry): the answer is there already.
      if (await ledger.wasPosted(job.id)) {
        deps.log.info(`job ${job.id} was answered before; not posting again`);
        return 'done';
      }
      const req = platform.request(p);
      const poster = platform.poster(p, run);
      if (replayed) await poster.note(QUEUE_WORDS.resumed[req.language]).catch((err: Error) => deps.log.warn(`posting the restart note failed: ${err.message}`));
      const outcome = await runPaperJob(req, platform.load(p, run), poster, platform.progressText, deps, signal);
      if (!outcome.ok && outcome.code === 'handed_back') return 'handed-back';
      await ledger.markPosted(job.id);
      if (outcome.ok) await platform.afterPosted?.(p, outcome.result);
      else await platform.afterFailed?.(p, outcome.code);
      return 'done';
    } finally {
      platform.settled?.(p);
    }
  });

  queue.onFailure<P>(platform.kind, async (job) => {
    const p = job.payload;
    try {
      if (await ledger.wasPosted(job.id)) return;
      await platform.poster(p, { id: job.id, replayed: true }).fail(QUEUE_WORDS.gaveUp[platform.request(p).language]);
      await ledger.markPosted(job.id);
      await platform.afterFailed?.(p, 'internal');
    } finally {
      platform.settled?.(p);
    }
  });

  return async (payload, owner) => {
    const accepted = await queue.enqueue<P>({ kind: platform.kind, user: owner.user, channel: owner.channel, payload });
    if (accepted.position === 0) return;
    const language = platform.request(payload).language;
    const note = platform
      .poster(payload, { id: accepted.id, replayed: false })
      .note(QUEUE_WORDS.queued[language](accepted.position))
      .catch((err: Error) => deps.log.warn(`posting the queue position failed: ${err.message}`));
    notes.set(accepted.id, note);
  };
}
