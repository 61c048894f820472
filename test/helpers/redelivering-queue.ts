/** A test double of our own JobQueue that runs each job several times in a row, as a redelivering queue would. */
import { randomUUID } from 'node:crypto';
import type { FailureHandler, JobHandler, JobQueue, QueuedJob } from '../../src/core/queue/index.ts';

export type Run = 'normal' | 'handed-back';

/** Runs every job once per entry of `runs`, one after the other ('handed-back': its shutdown signal is already set). */
export function redeliveringQueue(runs: Run[]) {
  const handlers = new Map<string, JobHandler>();
  const failures = new Map<string, FailureHandler>();
  const running = new Set<Promise<void>>();
  const jobs: QueuedJob[] = [];
  const queue: JobQueue = {
    handle: (kind, h) => void handlers.set(kind, h as JobHandler),
    onFailure: (kind, f) => void failures.set(kind, f as FailureHandler),
    async enqueue(input) {
      const job: QueuedJob = { ...input, id: input.id ?? randomUUID(), acceptedAt: Date.now() };
      jobs.push(job);
      const p = (async () => {
        for (const [i, run] of runs.entries()) {
          const c = new AbortController();
          if (run === 'handed-back') c.abort(new Error('shutdown'));
          await handlers.get(job.kind)!(job, { replayed: i > 0, signal: c.signal });
        }
      })();
      running.add(p);
      void p.finally(() => running.delete(p));
      return { id: job.id, position: 0 };
    },
    start: async () => ({ replayed: 0 }),
    stop: async () => ({ finished: true, handedBack: 0, pending: 0 }),
    async onIdle() {
      while (running.size) await Promise.all([...running]);
    },
    counts: () => ({ pending: 0, active: running.size }),
  };
  return { queue, jobs, failures };
}
