/** Two BullMQ queue instances in one test stand for two processes sharing one Redis queue. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue, type BullmqJobQueue, type BullmqQueueOptions } from '../../src/services/bullmq-queue.ts';
import type { QueuedJob } from '../../src/core/queue/types.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName, until } from './redis-test-env.ts';

const opened: BullmqJobQueue[] = [];
const prefixes: string[] = [];

function setup() {
  const prefix = uniqueName('bull');
  prefixes.push(prefix);
  const make = (extra: Partial<BullmqQueueOptions> & { process: boolean }) => {
    const q = createBullmqQueue({ url: REDIS_URL, prefix, concurrency: 1, lockMs: 1000, stalledIntervalMs: 500, backoffMs: 50, ...extra });
    opened.push(q);
    return q;
  };
  return { make };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((q) => q.close()));
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

describe.skipIf(!redisAvailable)('JobQueue on BullMQ', () => {
  it('runs a job enqueued by one process exactly once, on one of two workers', async () => {
    const { make } = setup();
    const receiver = make({ process: false });
    const ran: Array<{ worker: string; job: QueuedJob }> = [];
    const workers = ['w1', 'w2'].map((w) => {
      const q = make({ process: true });
      q.handle('slack', async (job) => void ran.push({ worker: w, job }));
      return q;
    });
    await Promise.all(workers.map((w) => w.start()));
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => receiver.enqueue({ kind: 'slack', user: `u${i}`, channel: 'c', payload: { n: i } })),
    );
    await until(() => ran.length >= 6, 10_000, 'six jobs to run');
    await receiver.onIdle();
    expect(ran).toHaveLength(6);
    expect(new Set(ran.map((r) => r.job.id))).toEqual(new Set(jobs.map((j) => j.id)));
    expect(ran.find((r) => r.job.id === jobs[2]!.id)!.job.payload).toEqual({ n: 2 });
    expect(ran.every((r) => r.job.kind === 'slack' && typeof r.job.acceptedAt === 'number')).toBe(true);
    // The whole queue's numbers, the same from any process (what /metrics shows).
    expect(await receiver.stats!()).toEqual({ waiting: 0, active: 0, completed: 6, failed: 0 });
    expect(await workers[0]!.stats!()).toEqual(await receiver.stats!());
  });

  it('reports places in line while the workers are busy', async () => {
    const { make } = setup();
    const receiver = make({ process: false });
    const worker = make({ process: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    worker.handle('slack', async () => {
      started++;
      await gate;
    });
    await worker.start();
    const first = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: {} });
    await until(() => started === 1, 5000, 'the first job to start');
    const second = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: {} });
    const third = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: {} });
    expect([first.position, second.position, third.position]).toEqual([0, 1, 2]);
    release();
    await receiver.onIdle();
    expect(started).toBe(3);
  });

  it('keeps jobs while no worker runs and runs them after a worker restart, saying they resumed', async () => {
    const { make } = setup();
    const receiver = make({ process: false });
    const first = make({ process: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: Array<{ id: string; replayed: boolean; by: string }> = [];
    first.handle('slack', async (job, { replayed, signal }) => {
      seen.push({ id: job.id, replayed, by: 'first' });
      // Shutdown stops waiting: hand the job back, as the adapters do.
      await Promise.race([gate, new Promise((r) => signal.addEventListener('abort', r))]);
      return signal.aborted ? 'handed-back' : 'done';
    });
    await first.start();
    const a = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: { a: 1 } });
    await until(() => seen.length === 1, 5000, 'the job to start');
    const stopped = await first.stop(200);
    expect(stopped).toMatchObject({ finished: false, handedBack: 1 });
    const b = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: { b: 1 } });
    expect(receiver.counts().pending).toBeGreaterThanOrEqual(1);

    const second = make({ process: true });
    second.handle('slack', async (job, { replayed }) => void seen.push({ id: job.id, replayed, by: 'second' }));
    await second.start();
    await until(() => seen.length === 3, 10_000, 'both jobs to run after the restart');
    release();
    expect(seen.slice(1)).toEqual(
      expect.arrayContaining([
        { id: a.id, replayed: true, by: 'second' },
        { id: b.id, replayed: false, by: 'second' },
      ]),
    );
  });

  it('tells the failure handler once when a job is given up after its attempts, not on the retries before', async () => {
    const { make } = setup();
    const receiver = make({ process: false });
    const worker = make({ process: true, attempts: 3 });
    let tries = 0;
    worker.handle('slack', async () => {
      tries++;
      throw new Error(`crash ${tries}`);
    });
    const told: Array<{ id: string; reason: string }> = [];
    worker.onFailure('slack', async (job, reason) => void told.push({ id: job.id, reason }));
    await worker.start();
    const a = await receiver.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: {} });
    await until(() => told.length > 0, 10_000, 'the job to be given up');
    await new Promise((r) => setTimeout(r, 300));
    expect(tries).toBe(3);
    expect(told).toEqual([{ id: a.id, reason: 'crash 3' }]);
  });
});
