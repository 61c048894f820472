/**
 * Issue 14, the BullMQ queue's bounds on new work (scaled mode, real Redis): MAX_WAITING_JOBS counted in Redis across
 * processes, and an enqueue Redis does not answer refused within QUEUE_ADD_TIMEOUT_S instead of hanging — with the job
 * removed again when Redis answers after all, so the person told "try again later" gets no second answer.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBullmqQueue, type BullmqJobQueue, type BullmqQueueOptions } from '../../src/services/bullmq-queue.ts';
import { refusal } from '../helpers/refusal.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName, until } from './redis-test-env.ts';

const opened: BullmqJobQueue[] = [];
const prefixes: string[] = [];
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

afterEach(async () => {
  await Promise.all(opened.splice(0).map((q) => q.close()));
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

function make(extra: Partial<BullmqQueueOptions> & { process: boolean; url?: string }) {
  const prefix = extra.prefix ?? uniqueName('limits');
  prefixes.push(prefix);
  const q = createBullmqQueue({ url: REDIS_URL, prefix, concurrency: 1, lockMs: 1000, stalledIntervalMs: 500, backoffMs: 50, ...extra });
  opened.push(q);
  return q;
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers (a Redis that froze). */
async function silentServer(): Promise<string> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A proxy to the real Redis that holds everything the client sends until `resume()` (a Redis that answers late). */
async function stallingProxy(): Promise<{ url: string; resume(): void }> {
  const target = new URL(REDIS_URL);
  let paused = true;
  const resumers: Array<() => void> = [];
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(upstream);
    const held: Buffer[] = [];
    client.on('data', (d: Buffer) => (paused ? held.push(d) : upstream.write(d)));
    resumers.push(() => {
      for (const d of held.splice(0)) upstream.write(d);
    });
    upstream.on('data', (d) => client.write(d));
    for (const s of [client, upstream]) s.on('error', () => {});
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    resume() {
      paused = false;
      for (const r of resumers) r();
    },
  };
}

describe.skipIf(!redisAvailable)('bounds on new work in the BullMQ queue', () => {
  it('MAX_WAITING_JOBS: counts the jobs waiting in Redis (any process), not the running ones, and estimates the wait', async () => {
    const prefix = uniqueName('limits');
    const receiver = make({ process: false, prefix, maxWaiting: 1 });
    const worker = make({ process: true, prefix });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    worker.handle('slack', async () => {
      started++;
      await gate;
    });
    await worker.start();
    await receiver.enqueue({ kind: 'slack', user: 'u1', channel: 'c', payload: {} });
    await until(() => started === 1, 5000, 'the first job to start');
    expect((await receiver.enqueue({ kind: 'slack', user: 'u2', channel: 'c', payload: {} })).position).toBe(1);
    const t0 = Date.now();
    const err = await refusal(receiver.enqueue({ kind: 'slack', user: 'u3', channel: 'c', payload: {} }));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err.code).toBe('busy');
    // No job finished yet: a minute for the one waiting, over the one worker slot.
    expect(err.data).toEqual({ reason: 'queue_full', waiting: 1, retryAfterSeconds: 60 });
    expect(await receiver.stats!()).toMatchObject({ waiting: 1, active: 1 });
    release();
    await receiver.onIdle();
    expect(started).toBe(2);
  });

  it('an enqueue to a Redis that never answers is refused within QUEUE_ADD_TIMEOUT_S, and closing does not hang', async () => {
    const q = make({ process: false, url: await silentServer(), addTimeoutMs: 500, maxWaiting: 10 });
    const t0 = Date.now();
    const err = await refusal(q.enqueue({ kind: 'slack', user: 'u', channel: 'c', payload: {} }));
    const took = Date.now() - t0;
    expect(err.code).toBe('busy');
    expect(err.data).toMatchObject({ reason: 'unavailable' });
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
    const closing = Date.now();
    await opened.pop()!.close();
    expect(Date.now() - closing).toBeLessThan(5000);
  });

  it('a job whose add lands after the timeout is removed again, so it never runs', async () => {
    const proxy = await stallingProxy();
    const prefix = uniqueName('limits');
    const late = make({ process: false, url: proxy.url, prefix, addTimeoutMs: 300 });
    const err = await refusal(late.enqueue({ id: 'late-job', kind: 'slack', user: 'u', channel: 'c', payload: {} }));
    expect(err.data).toMatchObject({ reason: 'unavailable' });
    // A worker is waiting for jobs when Redis gets the held commands.
    const direct = make({ process: true, prefix });
    const ran: string[] = [];
    direct.handle('slack', async (j) => void ran.push(j.id));
    await direct.start();
    proxy.resume();
    // Once Redis answered the held add, the job was taken out again: nothing waits, nothing runs.
    const { Queue } = await import('bullmq');
    const inspect = new Queue('jobs', { connection: { url: REDIS_URL }, prefix });
    try {
      await until(async () => (await inspect.getJobCountByTypes('waiting', 'active', 'completed', 'delayed', 'prioritized')) === 0 && (await inspect.getJob('late-job')) === undefined, 5000, 'the late job to be removed');
      // Give a worker the time it would need to pick it up if it were there.
      await new Promise((r) => setTimeout(r, 500));
      expect(ran).toEqual([]);
      expect(await inspect.getJob('late-job')).toBeUndefined();
    } finally {
      await inspect.close();
    }
  });
});
