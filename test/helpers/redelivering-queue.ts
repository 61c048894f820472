/** A test double of our own JobQueue that runs each job several times in a row, as a redelivering queue would. */
import { randomUUID } from 'node:crypto';
import type { FailureHandler, JobHandler, JobQueue, QueuedJob } from '../../src/core/queue/index.ts';

/**
 * 'normal': runs to the end. 'handed-back': its shutdown signal is already set. A function: given the run's shutdown
 * controller when the run starts, to abort it when the test says (the run's work goes on in the background); the next
 * run waits for what it returns as well.
 */
export type Run = 'normal' | 'handed-back' | ((shutdown: AbortController) => unknown);

/** Runs every job once per entry of `runs`, one after the other; `started()` counts the runs begun. */
export function redeliveringQueue(runs: Run[]) {
  const handlers = new Map<string, JobHandler>();
  const failures = new Map<string, FailureHandler>();
  const running = new Set<Promise<void>>();
  const jobs: QueuedJob[] = [];
  let started = 0;
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
          const alongside = typeof run === 'function' ? run(c) : undefined;
          started++;
          await handlers.get(job.kind)!(job, { replayed: i > 0, signal: c.signal });
          await alongside;
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
  return { queue, jobs, failures, started: () => started };
}
