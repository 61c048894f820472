import { mkdtempSync, existsSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';

describe('keyv cache', () => {
  it('stores in a real SQLite file that survives reopening', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-cache-'));
    const file = path.join(dir, 'nested', 'cache.sqlite');
    const a = createKeyvCache({ url: `sqlite://${file}` });
    await a.set('k', { title: 'T', n: 1 });
    await a.close?.();
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(0);
    const b = createKeyvCache({ url: `sqlite://${file}` });
    expect(await b.get('k')).toEqual({ title: 'T', n: 1 });
    expect(await b.get('missing')).toBeUndefined();
    await b.close?.();
  });

  it('degrades to no cache with one warning when the store is unreachable, within its timeout', async () => {
    // A port that accepts nothing: listen, note the port, close.
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const warnings: string[] = [];
    const cache = createKeyvCache({ url: `redis://127.0.0.1:${port}`, timeoutMs: 500, onWarning: (m) => warnings.push(m) });
    const started = Date.now();
    await cache.set('k', 1);
    expect(await cache.get('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cache unavailable/);
    await cache.close?.();
  });
});
