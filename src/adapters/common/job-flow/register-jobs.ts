/**
 * The shared job flow on the queue, for one platform: `submit` enqueues a payload (persisted by the queue; when it has
 * to wait, the place in line is said where the answer will appear; when the queue refuses it — full, or its store not
 * answering — the refusal is said there in plain words instead); the handler runs it once per answer, whatever the
 * number of runs (the delivery ledger), charging the spending caps of whoever asked before the model is called; a job
 * given up for good is told so instead of "working…" forever.
 *
 * Nothing is kept per job beyond what is on its way: a "queued" note is forgotten once posted, so a receiving-only
 * process (scaled mode, the jobs run in workers) does not collect one entry per job it ever accepted.
 */
import { randomUUID } from 'node:crypto';
import { isPaperError } from '../../../core/errors.ts';
import { unavailableError, type DeliveryLedger, type JobQueue, type QueuedJob } from '../../../core/queue/index.ts';
import { failureWords } from '../limit-words.ts';
import { QUEUE_WORDS } from '../queue-words.ts';
import type { JobRequest, PlatformJobs } from './platform-jobs.ts';
import { runPaperJob, type JobFlowDeps } from './run-paper-job.ts';

/** Who asked and where, as the per-user and per-channel limits count them (platform-prefixed ids). */
export interface JobOwner {
  user: string;
  channel: string;
}

export interface SubmitJob<P> {
  /** Enqueues the job, or tells the refusal where its answer would have appeared; resolves either way. */
  (payload: P, owner: JobOwner): Promise<void>;
  /** How many jobs this process keeps something for (notes still on their way): health checks and tests. */
  held(): number;
}

export function registerJobs<P>(queue: JobQueue, ledger: DeliveryLedger, platform: PlatformJobs<P>, deps: JobFlowDeps): SubmitJob<P> {
  // "Queued, position N" notes still on their way, by job id: the job waits for its note so that none lands later.
  const notes = new Map<string, Promise<unknown>>();

  /** The request, charged to whoever asked (the queue keeps who) when the flow has spending caps. */
  const requestFor = (job: QueuedJob<P>): JobRequest => {
    const req = platform.request(job.payload);
    const quota = deps.quota;
    if (!quota) return req;
    const who = platform.quotaSubject(job.payload, { user: job.user, channel: job.channel });
    return { ...req, beforeModel: () => quota.charge(who) };
  };

  queue.handle<P>(platform.kind, async (job, { replayed, signal }) => {
    const p = job.payload;
    const run = { id: job.id, replayed };
    try {
      await notes.get(job.id);
      // Run again after its answer went out (a worker died just after posting, a retry): the answer is there already.
      if (await ledger.wasPosted(job.id)) {
        deps.log.info(`job ${job.id} was answered before; not posting again`);
        return 'done';
      }
      const req = requestFor(job);
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

  /** The queue said no (busy, or not answering): the words go where the answer would have, and nothing is kept. */
  const refused = async (payload: P, id: string, err: unknown) => {
    const req = platform.request(payload);
    // Whatever else the queue threw (its store failing), the user hears "cannot take new papers right now".
    const { code, message } = failureWords(isPaperError(err) ? err : unavailableError(0, err), req.language, req.place);
    deps.log.warn(`not accepting ${req.describe} (${code}): ${(err as Error)?.message ?? String(err)}`);
    try {
      await platform.poster(payload, { id, replayed: false }).fail(message);
      await platform.afterFailed?.(payload, code);
    } catch (postErr) {
      deps.log.error(`could not tell the refusal of ${req.describe}: ${(postErr as Error).message}`);
    } finally {
      platform.settled?.(payload);
    }
  };

  const submit = async (payload: P, owner: JobOwner) => {
    const id = randomUUID();
    let accepted;
    try {
      accepted = await queue.enqueue<P>({ id, kind: platform.kind, user: owner.user, channel: owner.channel, payload });
    } catch (err) {
      await refused(payload, id, err);
      return;
    }
    if (accepted.position === 0) return;
    const language = platform.request(payload).language;
    const note = platform
      .poster(payload, { id: accepted.id, replayed: false })
      .note(QUEUE_WORDS.queued[language](accepted.position))
      .catch((err: Error) => deps.log.warn(`posting the queue position failed: ${err.message}`));
    notes.set(accepted.id, note);
    // Forgotten once posted: the job (here or in another process) has nothing left to wait for.
    void note.finally(() => {
      if (notes.get(accepted.id) === note) notes.delete(accepted.id);
    });
  };
  return Object.assign(submit, { held: () => notes.size });
}
