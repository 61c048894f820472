/** The keyv JobStore behind the in-process queue: jobs outlive the process on SQLite; a broken store degrades to memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueuedJob } from '../../src/core/queue/index.ts';
import { createKeyvJobStore } from '../../src/services/keyv-jobs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job = (id: string, acceptedAt: number): QueuedJob => ({ id, kind: 'slack', user: 'u', channel: 'c', payload: { threadTs: `${acceptedAt}.0001` }, acceptedAt });

describe('keyv job store', () => {
  it('keeps accepted jobs in the SQLite file until removed, for the next process', async () => {
    const url = `sqlite://${path.join(dir, 'jobs.sqlite')}`;
    const first = createKeyvJobStore({ url });
    await first.save(job('a', 1));
    await first.save(job('b', 2));
    await first.remove('a');
    await first.close?.();
    const second = createKeyvJobStore({ url });
    expect(await second.all()).toEqual([job('b', 2)]);
    await second.remove('b');
    expect(await second.all()).toEqual([]);
    await second.close?.();
  });

  it('forgets a job after its time to live', async () => {
    const store = createKeyvJobStore({ url: `sqlite://${path.join(dir, 'ttl.sqlite')}`, ttlMs: 50 });
    await store.save(job('old', 1));
    await new Promise((r) => setTimeout(r, 120));
    const fresh = createKeyvJobStore({ url: `sqlite://${path.join(dir, 'ttl.sqlite')}` });
    expect(await fresh.all()).toEqual([]);
    await store.close?.();
    await fresh.close?.();
  });

  it('degrades to memory with one warning when the store cannot be opened', async () => {
    const warnings: string[] = [];
    const store = createKeyvJobStore({ url: 'redis://127.0.0.1:1', timeoutMs: 300, onWarning: (m) => warnings.push(m) });
    await store.save(job('x', 1));
    expect(await store.all()).toEqual([job('x', 1)]);
    await store.remove('x');
    expect(await store.all()).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/job store unavailable/);
    await store.close?.();
  });
});
