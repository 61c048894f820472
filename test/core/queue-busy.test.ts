/**
 * Issue 14 item 3, MAX_WAITING_JOBS on the in-process queue: with that many jobs waiting (not running), enqueue refuses
 * at once with PaperError('busy'), saying how many wait and when to try again (from the recent jobs' durations, a
 * minute per job before any finished); running jobs do not count; 0 means no cap.
 */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import { createInProcessQueue, estimateWaitSeconds } from '../../src/core/queue/index.ts';
import { refusal } from '../helpers/refusal.ts';

const job = (n: number) => ({ kind: 'k', user: `u${n}`, channel: 'c', payload: { n } });

describe('MAX_WAITING_JOBS on the in-process queue', () => {
  it('refuses new work while that many jobs wait, and takes it again once the line moves', async () => {
    let clock = 1_000_000;
    const q = createInProcessQueue({ limits: { concurrency: 1 }, maxWaiting: 2, now: () => clock });
    const releases: Array<() => void> = [];
    const ran: number[] = [];
    q.handle<{ n: number }>('k', async (j) => {
      ran.push(j.payload.n);
      await new Promise<void>((r) => releases.push(r));
    });
    await q.start();
    expect((await q.enqueue(job(1))).position).toBe(0); // running: not waiting
    expect((await q.enqueue(job(2))).position).toBe(1);
    expect((await q.enqueue(job(3))).position).toBe(2);
    const err = await refusal(q.enqueue(job(4)));
    expect(err.code).toBe('busy');
    // Nothing finished yet: a minute per waiting job, one at a time.
    expect(err.data).toEqual({ reason: 'queue_full', waiting: 2, retryAfterSeconds: 120 });
    expect(describeError(err).message).toBe('paperbot is busy: 2 papers are already waiting. Try again in about 2 minutes.');
    expect(q.counts()).toEqual({ pending: 2, active: 1 });

    // The first job took 5 minutes: the estimate follows.
    clock += 5 * 60_000;
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual([1, 2]);
    expect((await q.enqueue(job(5))).position).toBe(2);
    const later = await refusal(q.enqueue(job(6)));
    expect(later.data).toMatchObject({ waiting: 2, retryAfterSeconds: 600 });
    while (releases.length || ran.length < 4) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await q.onIdle();
    expect(ran).toEqual([1, 2, 3, 5]);
  });

  it('0 means no cap; any other number caps at that many waiting', async () => {
    const none = createInProcessQueue({ limits: { concurrency: 1 }, maxWaiting: 0 });
    const capped = createInProcessQueue({ limits: { concurrency: 1 }, maxWaiting: 499 });
    for (let i = 0; i < 499; i++) {
      await none.enqueue(job(i));
      await capped.enqueue(job(i));
    }
    await none.enqueue(job(499));
    expect(none.counts().pending).toBe(500);
    expect((await refusal(capped.enqueue(job(499)))).data).toMatchObject({ reason: 'queue_full', waiting: 499 });
    expect(capped.counts().pending).toBe(499);
  });

  it('spreads the estimate over the jobs that run at once', () => {
    expect(estimateWaitSeconds(10, [30_000, 90_000], 4)).toBe(150);
    expect(estimateWaitSeconds(1, [1000], 4)).toBe(60); // never less than a minute: people retry in whole minutes
  });
});
