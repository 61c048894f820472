/**
 * npx tsx bench/quota.ts [-- --charges 2000]: what a spending-cap charge costs on each store the quota counts in
 * (keyv memory, keyv SQLite file, Redis at REDIS_URL or 127.0.0.1:6379 under a throw-away prefix), one charge at a
 * time and 50 at once, and how long an enqueue waits before a Redis that never answers is answered "can't take new
 * papers right now" (QUEUE_ADD_TIMEOUT_S, here 1 s). A benchmark: it prints figures and asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createQuota, type QuotaCounter } from '../src/core/quota/index.ts';
import { createBullmqQueue } from '../src/services/bullmq-queue.ts';
import { createKeyvQuotaCounter } from '../src/services/keyv-quota.ts';
import { createRedisQuotaCounter } from '../src/services/redis-quota.ts';
import { checkRedis } from '../src/services/redis-connection.ts';

const { values } = parseArgs({ options: { charges: { type: 'string', default: '2000' } } });
const charges = Number(values.charges);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-bench-quota-'));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(name: string, counter: QuotaCounter): Promise<void> {
  const quota = createQuota(counter, { userPerHour: charges * 10, workspacePerDay: charges * 10 });
  const one: number[] = [];
  for (let i = 0; i < charges; i++) {
    const t = performance.now();
    await quota.charge({ user: `u${i % 20}`, workspace: 'w' });
    one.push(performance.now() - t);
  }
  const t0 = performance.now();
  for (let i = 0; i < charges; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => quota.charge({ user: `u${(i + k) % 20}`, workspace: 'w' })));
  const burst = performance.now() - t0;
  console.log(
    `${name.padEnd(18)} one at a time: p50 ${pct(one, 50).toFixed(3)} ms, p99 ${pct(one, 99).toFixed(3)} ms; 50 at once: ${Math.round((charges / burst) * 1000)} charges/s`,
  );
  await counter.close?.();
}

await measure('keyv memory:', createKeyvQuotaCounter({ url: 'memory:' }));
await measure('keyv SQLite file', createKeyvQuotaCounter({ url: `sqlite://${path.join(dir, 'quota.sqlite')}` }));
const prefix = `paperbot-bench:quota:${process.pid}:`;
if (await checkRedis(redisUrl, 1500).then(() => true, () => false)) {
  const redis = new Redis(redisUrl);
  await measure('Redis', createRedisQuotaCounter({ redis, prefix }));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
} else console.log(`Redis              (no Redis at ${redisUrl}: skipped)`);

// A Redis that accepts connections and never answers: how long until the user hears "can't take new papers".
const sockets = new Set<net.Socket>();
const silent = net.createServer((s) => void sockets.add(s.on('error', () => {})));
await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
const queue = createBullmqQueue({ url: `redis://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, process: false, concurrency: 1, addTimeoutMs: 1000 });
const t = performance.now();
const answer = await queue.enqueue({ kind: 'bench', user: 'u', channel: 'c', payload: {} }).then(
  () => 'accepted',
  (err: Error) => err.message,
);
console.log(`silent Redis       enqueue answered after ${Math.round(performance.now() - t)} ms (QUEUE_ADD_TIMEOUT_S=1): ${answer}`);
const c = performance.now();
await queue.close();
console.log(`silent Redis       queue closed after ${Math.round(performance.now() - c)} ms`);
for (const s of sockets) s.destroy();
silent.close();
rmSync(dir, { recursive: true, force: true });
