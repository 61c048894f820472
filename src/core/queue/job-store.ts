/** Where accepted jobs are kept until done, so that a restart does not lose them. Never throws (degrades). */
import type { QueuedJob } from './types.ts';

export interface JobStore {
  save(job: QueuedJob): Promise<void>;
  remove(id: string): Promise<void>;
  /** Every job kept, in no particular order. */
  all(): Promise<QueuedJob[]>;
  close?(): Promise<void>;
}

/** A JobStore in this process's memory: the default when nothing persists (tests, `memory:`). */
export function createMemoryJobStore(): JobStore {
  const jobs = new Map<string, QueuedJob>();
  return {
    async save(job) {
      jobs.set(job.id, structuredClone(job));
    },
    async remove(id) {
      jobs.delete(id);
    },
    async all() {
      return [...jobs.values()].map((j) => structuredClone(j));
    },
  };
}
