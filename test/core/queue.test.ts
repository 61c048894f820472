/** The in-process job queue: limits, fairness, positions, persistence, replay and shutdown. */
import { describe, expect, it } from 'vitest';
import { createInProcessQueue, createMemoryJobStore, type JobContext, type QueuedJob } from '../../src/core/queue/index.ts';
import { pickNext } from '../../src/core/queue/pick-next.ts';

interface Gate {
  job: QueuedJob<{ n: number }>;
  ctx: JobContext;
  release(): void;
}

/** A handler whose jobs run until the test releases them; records what started, in order. */
function gatedHandler() {
  const started: Gate[] = [];
  let peak = 0;
  let running = 0;
  const handler = (job: QueuedJob<{ n: number }>, ctx: JobContext) =>
    new Promise<'done' | 'handed-back'>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      const finish = (o: 'done' | 'handed-back') => {
        running--;
        resolve(o);
      };
      ctx.signal.addEventListener('abort', () => finish('handed-back'));
      started.push({ job, ctx, release: () => finish('done') });
    });
  return { started, handler, peak: () => peak, names: () => started.map((s) => `${s.job.user}${s.job.payload.n}`) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('pickNext', () => {
  it('takes the oldest job whose user and channel are under their limits', () => {
    const pending = [
      { user: 'a', channel: 'c1' },
      { user: 'b', channel: 'c1' },
      { user: 'b', channel: 'c2' },
    ];
    const limits = { concurrency: 4, perUser: 1, perChannel: 1 };
    expect(pickNext(pending, { total: 0, byUser: new Map(), byChannel: new Map() }, limits)).toBe(0);
    expect(pickNext(pending, { total: 1, byUser: new Map([['a', 1]]), byChannel: new Map() }, limits)).toBe(1);
    expect(pickNext(pending, { total: 1, byUser: new Map([['a', 1]]), byChannel: new Map([['c1', 1]]) }, limits)).toBe(2);
    expect(pickNext(pending, { total: 4, byUser: new Map(), byChannel: new Map() }, limits)).toBe(-1);
  });
});

describe('in-process job queue', () => {
  it('never runs more than the global limit and says the place in line of jobs that wait', async () => {
    const h = gatedHandler();
    const q = createInProcessQueue({ limits: { concurrency: 2 } });
    q.handle('t', h.handler);
    await q.start();
    const positions = [];
    for (let n = 0; n < 5; n++) positions.push((await q.enqueue({ kind: 't', user: `u${n}`, channel: `c${n}`, payload: { n } })).position);
    expect(positions).toEqual([0, 0, 1, 2, 3]);
    expect(q.counts()).toEqual({ pending: 3, active: 2 });
    for (let released = 0; released < 5; released++) {
      expect(q.counts().active).toBeLessThanOrEqual(2);
      h.started[released]!.release();
      await tick();
    }
    await q.onIdle();
    expect(h.peak()).toBe(2);
  });

  it('keeps one user from starving the others: per-user and per-channel limits, oldest first among the rest', async () => {
    const h = gatedHandler();
    const q = createInProcessQueue({ limits: { concurrency: 3, perUser: 2, perChannel: 2 } });
    q.handle('t', h.handler);
    await q.start();
    for (let n = 1; n <= 5; n++) await q.enqueue({ kind: 't', user: 'A', channel: `a${n}`, payload: { n } });
    await q.enqueue({ kind: 't', user: 'B', channel: 'shared', payload: { n: 1 } });
    await q.enqueue({ kind: 't', user: 'C', channel: 'shared', payload: { n: 1 } });
    await q.enqueue({ kind: 't', user: 'D', channel: 'shared', payload: { n: 1 } });
    // A has two running; B takes the third slot although four of A's jobs are older.
    expect(h.names()).toEqual(['A1', 'A2', 'B1']);
    h.started[0]!.release();
    await tick();
    // A is under its limit again and A3 is the oldest waiting job.
    expect(h.names().at(-1)).toBe('A3');
    h.started[1]!.release();
    await tick();
    // A2 done: A is under its limit again and A4 is the oldest waiting job.
    expect(h.names().at(-1)).toBe('A4');
    // B1 done: A still has two running (A3, A4), so C1 is next, ahead of A5.
    h.started[2]!.release();
    await tick();
    expect(h.names().at(-1)).toBe('C1');
    for (let i = 0; i < 20 && q.counts().active + q.counts().pending > 0; i++) {
      for (const s of h.started) s.release();
      await tick();
    }
    await q.onIdle();
    expect(h.names().sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'C1', 'D1']);
  });

  it('persists a job when accepted, forgets it when done, and replays what a stopped queue left', async () => {
    const store = createMemoryJobStore();
    const first = gatedHandler();
    const q1 = createInProcessQueue({ limits: { concurrency: 1 }, store, handBackMs: 200 });
    q1.handle('t', first.handler);
    await q1.start();
    await q1.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 1 } });
    await q1.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 2 } });
    await q1.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 3 } });
    expect((await store.all()).map((j) => j.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    first.started[0]!.release();
    await tick();
    expect((await store.all()).map((j) => j.payload)).toEqual([{ n: 2 }, { n: 3 }]);
    // Job 2 runs and never finishes by itself: stop waits, then asks it to hand back; job 3 never starts.
    const t0 = Date.now();
    const stopped = await q1.stop(150);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(stopped).toEqual({ finished: false, handedBack: 1, pending: 1 });
    expect(first.started.map((s) => s.job.payload.n)).toEqual([1, 2]);
    expect(first.started[1]!.ctx.signal.aborted).toBe(true);
    expect((await store.all()).map((j) => (j.payload as { n: number }).n).sort()).toEqual([2, 3]);

    const second = gatedHandler();
    const q2 = createInProcessQueue({ limits: { concurrency: 4 }, store });
    q2.handle('t', second.handler);
    expect(await q2.start()).toEqual({ replayed: 2 });
    expect(second.started.map((s) => [s.job.payload.n, s.ctx.replayed, s.job.replays])).toEqual([
      [2, true, 1],
      [3, true, 1],
    ]);
    for (const s of second.started) s.release();
    await q2.onIdle();
    expect(await store.all()).toEqual([]);
  });

  it('waits for running jobs that finish within the timeout', async () => {
    const h = gatedHandler();
    const q = createInProcessQueue();
    q.handle('t', h.handler);
    await q.start();
    await q.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 1 } });
    setTimeout(() => h.started[0]!.release(), 50);
    expect(await q.stop(5000)).toEqual({ finished: true, handedBack: 0, pending: 0 });
  });

  it('drops a job that keeps being interrupted, and keeps jobs of a kind nobody handles', async () => {
    const store = createMemoryJobStore();
    await store.save({ id: 'old', kind: 't', user: 'u', channel: 'c', payload: { n: 1 }, acceptedAt: 1, replays: 3 });
    await store.save({ id: 'other', kind: 'elsewhere', user: 'u', channel: 'c', payload: { n: 2 }, acceptedAt: 2 });
    const warnings: string[] = [];
    const q = createInProcessQueue({ store, log: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } });
    q.handle('t', gatedHandler().handler);
    expect(await q.start()).toEqual({ replayed: 0 });
    expect((await store.all()).map((j) => j.id)).toEqual(['other']);
    expect(warnings.join('\n')).toMatch(/interrupted 3 times; dropped/);
  });

  it('counts a handler that throws as done (no endless replays) and goes on', async () => {
    const store = createMemoryJobStore();
    const q = createInProcessQueue({ store, limits: { concurrency: 1 } });
    const ran: number[] = [];
    q.handle<{ n: number }>('t', async (job) => {
      ran.push(job.payload.n);
      if (job.payload.n === 1) throw new Error('bug');
    });
    await q.start();
    await q.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 1 } });
    await q.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 2 } });
    await q.onIdle();
    expect(ran).toEqual([1, 2]);
    expect(await store.all()).toEqual([]);
  });

  it('tells the failure handler of its kind, once, about a job given up (a throw, or too many interruptions)', async () => {
    const store = createMemoryJobStore();
    await store.save({ id: 'crashy', kind: 't', user: 'u', channel: 'c', payload: { n: 0 }, acceptedAt: 1, replays: 3 });
    const q = createInProcessQueue({ store, limits: { concurrency: 1 } });
    const told: Array<{ id: string; n: number; reason: string }> = [];
    q.handle<{ n: number }>('t', async (job) => {
      if (job.payload.n === 1) throw new Error('bug in the handler');
    });
    q.onFailure<{ n: number }>('t', async (job, reason) => void told.push({ id: job.id, n: job.payload.n, reason }));
    await q.start();
    await q.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 1 } });
    await q.enqueue({ kind: 't', user: 'u', channel: 'c', payload: { n: 2 } });
    await q.onIdle();
    expect(told).toEqual([
      { id: 'crashy', n: 0, reason: 'interrupted 3 times' },
      { id: expect.any(String), n: 1, reason: 'bug in the handler' },
    ]);
  });
});

describe('a job accepted while the queue starts', () => {
  it('runs once: start does not take a job this process is still saving for one a previous process left', async () => {
    const memory = createMemoryJobStore();
    let releaseSave!: () => void;
    const saveHeld = new Promise<void>((r) => (releaseSave = r));
    // The save lands in the store at once but answers late (a busy SQLite file), as start reads the store.
    const store = {
      ...memory,
      save: async (job: QueuedJob) => {
        await memory.save(job);
        await saveHeld;
      },
    };
    const q = createInProcessQueue({ limits: { concurrency: 2 }, store });
    const runs: Array<{ id: string; replayed: boolean }> = [];
    q.handle<string>('k', async (job, ctx: JobContext) => {
      runs.push({ id: job.id, replayed: ctx.replayed });
      return 'done';
    });
    const accepted = q.enqueue<string>({ kind: 'k', user: 'u', channel: 'c', payload: 'p' });
    const started = await q.start();
    releaseSave();
    await accepted;
    await q.onIdle();
    expect(started.replayed).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.replayed).toBe(false);
  });
});
