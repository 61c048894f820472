/**
 * Issue 14 item 3, the spending caps' logic on every store they count in: the cache's keyv store (memory and a SQLite
 * file: one process) and Redis (scaled mode, the real one at 127.0.0.1:6379 under a prefix unique to this run, deleted
 * afterwards). Windows are UTC clock hours and days; a refused request counts nothing; concurrent charges never pass
 * more than the cap; 0 means no cap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isPaperError } from '../../src/core/errors.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { createMemoryQuotaCounter, createQuota, type QuotaCounter } from '../../src/core/quota/index.ts';
import { createKeyvQuotaCounter } from '../../src/services/keyv-quota.ts';
import { createRedisQuotaCounter } from '../../src/services/redis-quota.ts';
import { refusal } from '../helpers/refusal.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName } from '../scale/redis-test-env.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-quota-'));
const redisPrefixes: string[] = [];
const redisConnections: Redis[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const r of redisConnections) r.disconnect();
  for (const p of redisPrefixes) await deleteKeys(p);
});

/** 13:20 UTC on a fixed day: the hour window ends at 14:00, the day window at midnight. */
const T0 = Date.parse('2025-03-04T13:20:00.000Z');

interface Store {
  name: string;
  skip?: boolean;
  /** A fresh counter; `shared` names a store two counters (two processes) see alike. */
  make(shared?: string): QuotaCounter;
}

let sqliteN = 0;
const stores: Store[] = [
  { name: 'memory (core)', make: () => createMemoryQuotaCounter(() => T0) },
  { name: 'keyv memory:', make: () => createKeyvQuotaCounter({ url: 'memory:', now: () => T0 }) },
  {
    name: 'keyv SQLite file',
    make: (shared) => createKeyvQuotaCounter({ url: `sqlite://${path.join(dir, `${shared ?? `q${++sqliteN}`}.sqlite`)}`, now: () => T0 }),
  },
  {
    name: 'Redis',
    skip: !redisAvailable,
    make: (shared) => {
      const prefix = `${shared ?? uniqueName('quota')}:quota:`;
      redisPrefixes.push(prefix);
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      redisConnections.push(redis);
      return createRedisQuotaCounter({ redis, prefix, now: () => T0 });
    },
  },
];

describe.each(stores)('quota on $name', (store) => {
  it.skipIf(store.skip)('caps one user per workspace per UTC hour, says when it resets, and opens again at the hour', async () => {
    let now = T0;
    const quota = createQuota(store.make(), { userPerHour: 3, workspacePerDay: 0 }, { now: () => now });
    const me = { user: 'slack:T1:U1', workspace: 'slack:T1' };
    for (let i = 0; i < 3; i++) await quota.charge(me);
    const err = await refusal(quota.charge(me));
    expect(err.code).toBe('quota_exceeded');
    expect(err.data).toEqual({ quota: 'user', limit: 3, resetsAt: '2025-03-04T14:00:00.000Z', retryAfterSeconds: 40 * 60 });
    expect(describeError(err).message).toBe('You have used your 3 summaries/questions for this hour; try again after 14:00 UTC (in about 40 minutes).');
    // Someone else, and the same person id in another workspace, have their own counts.
    await quota.charge({ user: 'slack:T1:U2', workspace: 'slack:T1' });
    await quota.charge({ user: 'slack:T2:U1', workspace: 'slack:T2' });
    now = Date.parse('2025-03-04T13:59:59.999Z');
    await refusal(quota.charge(me));
    now = Date.parse('2025-03-04T14:00:00.000Z');
    await quota.charge(me);
  });

  it.skipIf(store.skip)('caps a workspace per UTC day, and a refused request counts against neither cap', async () => {
    let now = T0;
    const counter = store.make();
    const quota = createQuota(counter, { userPerHour: 2, workspacePerDay: 5 }, { now: () => now });
    const ws = 'discord:G1';
    await quota.charge({ user: 'a', workspace: ws });
    await quota.charge({ user: 'a', workspace: ws });
    // Over the user's hour: refused, and the workspace is not charged for it.
    expect((await refusal(quota.charge({ user: 'a', workspace: ws }))).data.quota).toBe('user');
    for (const u of ['b', 'b', 'c']) await quota.charge({ user: u, workspace: ws });
    const err = await refusal(quota.charge({ user: 'd', workspace: ws }));
    expect(err.data).toMatchObject({ quota: 'workspace', limit: 5, resetsAt: '2025-03-05T00:00:00.000Z' });
    expect(describeError(err).message).toMatch(/^This workspace has used its 5 summaries\/questions for today; try again after 00:00 UTC \(in about 11 hours\)\.$/);
    await refusal(quota.charge({ user: 'd', workspace: ws }));
    // d was refused twice by the workspace cap, and d's own hour is untouched: under a larger workspace cap (same
    // counters), d still has both of this hour's requests.
    const larger = createQuota(counter, { userPerHour: 2, workspacePerDay: 100 }, { now: () => now });
    await larger.charge({ user: 'd', workspace: ws });
    await larger.charge({ user: 'd', workspace: ws });
    await refusal(larger.charge({ user: 'd', workspace: ws }));
    // The next UTC day the workspace starts again.
    now = Date.parse('2025-03-05T00:00:00.000Z');
    await quota.charge({ user: 'e', workspace: ws });
  });

  it.skipIf(store.skip)('lets exactly the cap through when many charges arrive at once', async () => {
    const quota = createQuota(store.make(), { userPerHour: 25, workspacePerDay: 0 }, { now: () => T0 });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => quota.charge({ user: 'burst', workspace: 'w' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(25);
    expect(results.filter((r) => r.status === 'rejected').every((r) => isPaperError((r as PromiseRejectedResult).reason))).toBe(true);
  });
});

describe('quota stores shared by several processes or a restart', () => {
  it.skipIf(!redisAvailable)('Redis: two processes count in the same keys under <prefix>:quota:, which expire after their window', async () => {
    const shared = uniqueName('quota-shared');
    const one = createQuota(stores[3]!.make(shared), { userPerHour: 3, workspacePerDay: 0 }, { now: () => T0 });
    const two = createQuota(stores[3]!.make(shared), { userPerHour: 3, workspacePerDay: 0 }, { now: () => T0 });
    await one.charge({ user: 'u', workspace: 'w' });
    await two.charge({ user: 'u', workspace: 'w' });
    await one.charge({ user: 'u', workspace: 'w' });
    await refusal(two.charge({ user: 'u', workspace: 'w' }));
    const r = new Redis(REDIS_URL);
    try {
      const keys = await r.keys(`${shared}:quota:*`);
      expect(keys).toEqual([`${shared}:quota:user:u:${Date.parse('2025-03-04T13:00:00.000Z')}`]);
      expect(await r.get(keys[0]!)).toBe('3');
      // Forgotten a minute after the window ends (14:00 + 1 min, from 13:20).
      const ttl = await r.pttl(keys[0]!);
      expect(ttl).toBeGreaterThan(40 * 60_000);
      expect(ttl).toBeLessThanOrEqual(41 * 60_000);
    } finally {
      r.disconnect();
    }
  });

  it('SQLite: a restart does not hand out a fresh hour', async () => {
    const first = stores[2]!.make('restart');
    const quota = createQuota(first, { userPerHour: 2, workspacePerDay: 0 }, { now: () => T0 });
    await quota.charge({ user: 'u', workspace: 'w' });
    await quota.charge({ user: 'u', workspace: 'w' });
    await first.close?.();
    const again = createQuota(stores[2]!.make('restart'), { userPerHour: 2, workspacePerDay: 0 }, { now: () => T0 });
    expect((await refusal(again.charge({ user: 'u', workspace: 'w' }))).code).toBe('quota_exceeded');
  });

  it('a store that cannot be opened still caps (in memory), with one warning', async () => {
    const warnings: string[] = [];
    const counter = createKeyvQuotaCounter({ url: `sqlite://${path.join(dir, 'not-a-dir.sqlite', 'x', 'y.sqlite')}`, timeoutMs: 500, onWarning: (m) => warnings.push(m) });
    // A file where the directory should be: the store cannot open.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'not-a-dir.sqlite'), 'x');
    const quota = createQuota(counter, { userPerHour: 1, workspacePerDay: 0 });
    await quota.charge({ user: 'u', workspace: 'w' });
    await refusal(quota.charge({ user: 'u', workspace: 'w' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/quota store unavailable .*counting in memory only/);
  });

  it('0 means no cap and never touches the store', async () => {
    const untouchable: QuotaCounter = {
      add: () => {
        throw new Error('the store was used');
      },
    };
    const quota = createQuota(untouchable, { userPerHour: 0, workspacePerDay: 0 });
    for (let i = 0; i < 100; i++) await quota.charge({ user: 'u', workspace: 'w' });
    const userOnly = createQuota(createMemoryQuotaCounter(), { userPerHour: 0, workspacePerDay: 2 });
    await userOnly.charge({ user: 'u', workspace: 'w' });
    await userOnly.charge({ user: 'v', workspace: 'w' });
    expect((await refusal(userOnly.charge({ user: 'x', workspace: 'w' }))).data.quota).toBe('workspace');
  });
});
