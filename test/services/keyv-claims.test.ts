/** The claim store on keyv: once per key, kept across instances on a SQLite file, expiring, and degrading to memory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { KeyvSqlite } from '@keyv/sqlite';
import { createKeyvClaims } from '../../src/services/keyv-claims.ts';
import { createMemoryClaims } from '../../src/core/queue/memory-claims.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const HOUR = 60 * 60 * 1000;

describe('createKeyvClaims on a SQLite file', () => {
  it('claims a key once, also for a new instance on the same file (a restart)', async () => {
    const url = `sqlite://${path.join(dir, 'restart.sqlite')}`;
    const before = createKeyvClaims({ url });
    expect(await before.claim('event:Ev1', HOUR)).toBe(true);
    expect(await before.claim('event:Ev1', HOUR)).toBe(false);
    expect(await before.keepFirst('thread:T1:abc', { channel: 'C1', ts: '1.1' }, HOUR)).toEqual({ channel: 'C1', ts: '1.1' });
    await before.close?.();

    const after = createKeyvClaims({ url });
    expect(await after.claim('event:Ev1', HOUR)).toBe(false);
    expect(await after.claim('event:Ev2', HOUR)).toBe(true);
    expect(await after.keepFirst('thread:T1:abc', { channel: 'C2', ts: '2.2' }, HOUR)).toEqual({ channel: 'C1', ts: '1.1' });
    await after.close?.();
  });

  it('lets a released key be claimed again', async () => {
    const claims = createKeyvClaims({ url: `sqlite://${path.join(dir, 'release.sqlite')}` });
    expect(await claims.claim('file:C1:F1', HOUR)).toBe(true);
    await claims.release('file:C1:F1');
    expect(await claims.claim('file:C1:F1', HOUR)).toBe(true);
    expect(await claims.claim('file:C1:F1', HOUR)).toBe(false);
    await claims.close?.();
  });

  it('gives exactly one of many simultaneous claims of a key', async () => {
    const claims = createKeyvClaims({ url: `sqlite://${path.join(dir, 'race.sqlite')}` });
    const results = await Promise.all(Array.from({ length: 20 }, () => claims.claim('event:race', HOUR)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await claims.close?.();
  });

  it('forgets a claim once its time is up', async () => {
    const claims = createKeyvClaims({ url: `sqlite://${path.join(dir, 'ttl.sqlite')}` });
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await claims.claim('event:old', HOUR)).toBe(true);
    vi.setSystemTime(Date.now() + HOUR + 1000);
    expect(await claims.claim('event:old', HOUR)).toBe(true);
    await claims.close?.();
  });

  it('sweeps expired entries out of the file (keyv drops them only when read, and event ids never are again)', async () => {
    const uri = `sqlite://${path.join(dir, 'sweep.sqlite')}`;
    vi.useFakeTimers({ toFake: ['Date'] });
    const before = createKeyvClaims({ url: uri });
    await before.claim('event:old', HOUR);
    await before.keepFirst('thread:T1:abc', { channel: 'C1', ts: '1.1' }, 48 * HOUR);
    await before.close?.();
    const raw = new KeyvSqlite({ uri });
    expect(await raw.get('paperbot-claims:event:old')).toBeDefined();

    vi.setSystemTime(Date.now() + 2 * HOUR);
    const after = createKeyvClaims({ url: uri });
    expect(await after.claim('event:new', HOUR)).toBe(true);
    await after.close?.(); // waits for the sweep that the first use started
    expect(await raw.get('paperbot-claims:event:old')).toBeUndefined();
    expect(await raw.get('paperbot-claims:thread:T1:abc')).toBeDefined();
    expect(await raw.get('paperbot-claims:event:new')).toBeDefined();
    await raw.disconnect();
  });
});

describe('createKeyvClaims when the store cannot be opened', () => {
  it('keeps working in memory and warns once', async () => {
    const notADir = path.join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const warnings: string[] = [];
    const claims = createKeyvClaims({ url: `sqlite://${path.join(notADir, 'x.sqlite')}`, onWarning: (m) => warnings.push(m) });
    expect(await claims.claim('event:Ev1', HOUR)).toBe(true);
    expect(await claims.claim('event:Ev1', HOUR)).toBe(false);
    await claims.release('event:Ev1');
    expect(await claims.claim('event:Ev1', HOUR)).toBe(true);
    expect(await claims.keepFirst('k', 1, HOUR)).toBe(1);
    expect(await claims.keepFirst('k', 2, HOUR)).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/claim store unavailable.*memory/);
    await claims.close?.();
  });
});

describe('createMemoryClaims', () => {
  it('claims once per key until the entry expires or is released', async () => {
    let t = 0;
    const claims = createMemoryClaims(() => t);
    expect(await claims.claim('a', 1000)).toBe(true);
    expect(await claims.claim('a', 1000)).toBe(false);
    t = 999;
    expect(await claims.claim('a', 1000)).toBe(false);
    t = 1000;
    expect(await claims.claim('a', 1000)).toBe(true);
    await claims.release('a');
    expect(await claims.claim('a', 1000)).toBe(true);
    expect(await claims.keepFirst('b', 'first', 1000)).toBe('first');
    expect(await claims.keepFirst('b', 'second', 1000)).toBe('first');
  });
});
