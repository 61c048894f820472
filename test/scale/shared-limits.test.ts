/**
 * Limits that hold across processes (scaled mode): the Redis semaphore, the model's concurrency through it (real
 * openai client against the local fake), and the per-user limit of BullMQ workers. Two instances in one test stand
 * for two processes sharing one Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createSharedSemaphore, type SharedSemaphore } from '../../src/services/redis-semaphore.ts';
import { withSharedLimit } from '../../src/services/shared-model-limit.ts';
import { createOpenAiModel } from '../../src/services/openai-model.ts';
import { createBullmqQueue, type BullmqJobQueue } from '../../src/services/bullmq-queue.ts';
import { startFakeOpenAi } from '../helpers/fake-openai.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName, until } from './redis-test-env.ts';

const prefixes: string[] = [];
const closers: Array<() => Promise<void>> = [];

function prefix(): string {
  prefixes.push(uniqueName('limits'));
  return `${prefixes.at(-1)!}:`;
}

function semaphore(p: string, extra: { leaseMs?: number; redis?: Redis } = {}): SharedSemaphore {
  const s = createSharedSemaphore({ url: REDIS_URL, prefix: p, pollMs: 20, ...extra });
  closers.push(() => s.close());
  return s;
}

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

describe.skipIf(!redisAvailable)('shared semaphore on Redis', () => {
  it('gives out at most `limit` slots across two processes and frees them on release', async () => {
    const p = prefix();
    const [a, b] = [semaphore(p), semaphore(p)];
    const first = await a.tryAcquire('model:x', 2);
    const second = await b.tryAcquire('model:x', 2);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await a.tryAcquire('model:x', 2)).toBeNull();
    expect(await b.tryAcquire('model:x', 2)).toBeNull();
    // Another key has its own slots.
    expect(await b.tryAcquire('model:y', 2)).not.toBeNull();
    await first!.release();
    expect(await b.tryAcquire('model:x', 2)).not.toBeNull();
  });

  it('takes back the slot of a process that died without releasing it, after one lease', async () => {
    const p = prefix();
    const redis = new Redis(REDIS_URL);
    const dying = semaphore(p, { leaseMs: 400, redis });
    const other = semaphore(p, { leaseMs: 400 });
    expect(await dying.tryAcquire('k', 1)).not.toBeNull();
    redis.disconnect(); // killed: no release, no renewal
    expect(await other.tryAcquire('k', 1)).toBeNull();
    const t0 = Date.now();
    const slot = await other.acquire('k', 1);
    expect(slot).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('keeps a live holder’s slot past its lease by renewing it', async () => {
    const p = prefix();
    const [a, b] = [semaphore(p, { leaseMs: 300 }), semaphore(p, { leaseMs: 300 })];
    const held = await a.tryAcquire('k', 1);
    expect(held).not.toBeNull();
    await new Promise((r) => setTimeout(r, 900));
    expect(await b.tryAcquire('k', 1)).toBeNull();
    await held!.release();
    expect(await b.tryAcquire('k', 1)).not.toBeNull();
  });
});

describe.skipIf(!redisAvailable)('limits across processes', () => {
  it('holds MODEL_CONCURRENCY across two processes calling one endpoint (real openai client)', async () => {
    const fake = await startFakeOpenAi(() => ({ reply: 'ok', delayMs: 150 }));
    closers.push(() => fake.close());
    const p = prefix();
    const processes = [semaphore(p), semaphore(p)].map((s) =>
      withSharedLimit(createOpenAiModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'm', timeoutMs: 10_000, maxRetries: 0 }), s, 3),
    );
    const calls = processes.flatMap((m) => Array.from({ length: 5 }, () => m.complete([{ role: 'user', content: 'hi' }])));
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.text)).toEqual(Array(10).fill('ok'));
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBe(3);
  });

  it('runs one user’s jobs one at a time across two workers (per-user limit 1) while another user’s run alongside', async () => {
    const p = prefix();
    const queues: BullmqJobQueue[] = [];
    closers.push(async () => void (await Promise.all(queues.map((q) => q.close()))));
    const make = (process: boolean) => {
      const q = createBullmqQueue({
        url: REDIS_URL,
        prefix: `${p}q`,
        process,
        concurrency: 2,
        backoffMs: 50,
        limits: { perUser: 1, perChannel: 10, semaphore: semaphore(p), retryMs: 100 },
      });
      queues.push(q);
      return q;
    };
    const receiver = make(false);
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const done: string[] = [];
    for (const w of [make(true), make(true)]) {
      w.handle<{ n: number }>('t', async (job) => {
        running.set(job.user, (running.get(job.user) ?? 0) + 1);
        most.set(job.user, Math.max(most.get(job.user) ?? 0, running.get(job.user)!));
        await new Promise((r) => setTimeout(r, 150));
        running.set(job.user, running.get(job.user)! - 1);
        done.push(`${job.user}:${job.payload.n}`);
      });
      await w.start();
    }
    for (let n = 0; n < 4; n++) await receiver.enqueue({ kind: 't', user: 'busy', channel: 'c', payload: { n } });
    await receiver.enqueue({ kind: 't', user: 'other', channel: 'c', payload: { n: 9 } });
    await until(() => done.length === 5, 15_000, 'all five jobs');
    expect(most.get('busy')).toBe(1);
    expect(new Set(done)).toEqual(new Set(['busy:0', 'busy:1', 'busy:2', 'busy:3', 'other:9']));
    // The other user did not wait behind the busy one's four jobs.
    expect(done.indexOf('other:9')).toBeLessThan(4);
  });
});
