/**
 * Issue 14, item 4: FETCH_ALLOW_HOSTS. Hosts the operator lists may be reached although private (intranet paper
 * servers); everything else keeps the public-only rule, and the listed hosts keep every other check: DNS pinning, a
 * redirect re-checked on every hop, the size and time limits. The default address policy throughout (no test hook):
 * 127.0.0.1 is a loopback address here, exactly as in production.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { describeError } from '../../src/core/error-messages.ts';
import type { PaperError } from '../../src/core/errors.ts';
import { createServices } from '../../src/services/create-services.ts';
import { createGuardedFetcher, type GuardedFetcherOptions, type ResolvedAddress } from '../../src/services/guarded-fetch.ts';
import { allowedHostOf, createHostTrust } from '../../src/services/trusted-hosts.ts';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'examples', 'sample-paper.pdf'));

interface Server {
  origin: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener, host = '127.0.0.1'): Promise<Server> {
  const server = http.createServer(handler);
  const s: Server = {
    origin: '',
    port: 0,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => s.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  s.port = (server.address() as AddressInfo).port;
  s.origin = `http://${host}:${s.port}`;
  return s;
}

async function failure(p: Promise<unknown>): Promise<PaperError> {
  try {
    await p;
  } catch (err) {
    return err as PaperError;
  }
  throw new Error('expected a failure');
}

/** Names not in the table do not exist. */
function fakeDns(table: Record<string, string>) {
  return async (host: string): Promise<ResolvedAddress[]> => {
    const address = table[host];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

const fetcher = (o: Partial<GuardedFetcherOptions> = {}) => createGuardedFetcher({ maxBytes: 1024 * 1024, timeoutMs: 3000, ...o });

let intranet: Server; // the paper server the operator lists
let other: Server; // another local service on another port: never listed, never reached
beforeAll(async () => {
  other = await serve((_req, res) => res.end('%PDF-1.4 server=other'));
  intranet = await serve((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/redirect') res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    else if (url.pathname === '/gzip-bomb') {
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
    } else if (url.pathname === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
      const t = setInterval(() => res.write('x'), 40);
      res.on('close', () => clearInterval(t));
    } else res.writeHead(200, { 'content-type': 'application/pdf' }).end(SAMPLE);
  });
});
afterAll(async () => {
  await intranet?.close();
  await other?.close();
});

describe('FETCH_ALLOW_HOSTS in the guarded fetcher', () => {
  it('a PDF on a listed 127.0.0.1:port downloads; without the entry the same address is refused', async () => {
    const allowHosts = [{ host: '127.0.0.1', port: intranet.port }];
    const got = await fetcher({ allowHosts }).fetchBytes(`${intranet.origin}/paper.pdf`);
    expect(Buffer.from(got.bytes).equals(SAMPLE)).toBe(true);

    const before = intranet.connections;
    const err = await failure(fetcher().fetchBytes(`${intranet.origin}/paper.pdf`));
    expect(err.code).toBe('url_refused');
    expect(err.data.reason).toBe('127.0.0.1 is a loopback address');
    expect(intranet.connections).toBe(before);
  });

  it('the port must match: another port, or an entry without a port (80 and 443), is refused', async () => {
    const before = intranet.connections;
    for (const allowHosts of [[{ host: '127.0.0.1', port: other.port }], [{ host: '127.0.0.1' }]]) {
      const err = await failure(fetcher({ allowHosts }).fetchBytes(`${intranet.origin}/paper.pdf`));
      expect(err.code).toBe('url_refused');
    }
    expect(intranet.connections).toBe(before);
  });

  it('a redirect from the listed host to another local port is refused, and that port never contacted', async () => {
    const allowHosts = [{ host: '127.0.0.1', port: intranet.port }];
    for (const to of [`${other.origin}/paper.pdf`, `http://127.0.0.2:${intranet.port}/paper.pdf`, 'http://169.254.169.254/latest/meta-data/']) {
      const err = await failure(fetcher({ allowHosts }).fetchBytes(`${intranet.origin}/redirect?to=${encodeURIComponent(to)}`));
      expect(err.code).toBe('url_refused');
    }
    expect(other.connections).toBe(0);
    // control: a redirect within the listed host and port is followed
    const got = await fetcher({ allowHosts }).fetchBytes(`${intranet.origin}/redirect?to=/paper.pdf`);
    expect(Buffer.from(got.bytes).equals(SAMPLE)).toBe(true);
  });

  it('names match exactly and case-insensitively: no subdomains, no look-alikes', async () => {
    const resolveHost = fakeDns({ 'papers.intranet': '127.0.0.1', 'x.papers.intranet': '127.0.0.1', 'papers.intranet.evil': '127.0.0.1' });
    const f = fetcher({ resolveHost, allowHosts: [{ host: 'papers.intranet', port: intranet.port }] });
    for (const name of ['papers.intranet', 'PAPERS.Intranet']) {
      const got = await f.fetchBytes(`http://${name}:${intranet.port}/paper.pdf`);
      expect(Buffer.from(got.bytes).equals(SAMPLE)).toBe(true);
    }
    const before = intranet.connections;
    for (const name of ['x.papers.intranet', 'papers.intranet.evil', '127.0.0.1']) {
      const err = await failure(f.fetchBytes(`http://${name}:${intranet.port}/paper.pdf`));
      expect(['url_refused', 'download_failed']).toContain(err.code);
    }
    expect(intranet.connections).toBe(before);
  });

  it('a listed name never reaches cloud metadata or link-local addresses (credentials live there)', async () => {
    for (const address of ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '0.0.0.0']) {
      const resolveHost = fakeDns({ 'papers.intranet': address });
      const err = await failure(fetcher({ resolveHost, allowHosts: [{ host: 'papers.intranet' }] }).fetchBytes('http://papers.intranet/x.pdf'));
      expect(err.code).toBe('download_failed');
      expect(err.data.detail).toMatch(/points to an? (cloud metadata|link-local|unspecified) address/);
    }
  });

  it('the size and time limits still apply to a listed host', async () => {
    const allowHosts = [{ host: '127.0.0.1', port: intranet.port }];
    const big = await failure(fetcher({ allowHosts, maxBytes: 256 * 1024 }).fetchBytes(`${intranet.origin}/gzip-bomb`));
    expect(big.code).toBe('too_large');
    const started = Date.now();
    const slow = await failure(fetcher({ allowHosts, timeoutMs: 300 }).fetchBytes(`${intranet.origin}/trickle`));
    expect(slow.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('allowedHostOf: a configured endpoint as an allow-list entry (for registry endpoints)', () => {
  it.each([
    ['https://export.arxiv.org/api/query', { host: 'export.arxiv.org', port: 443 }],
    ['http://api.crossref.org', { host: 'api.crossref.org', port: 80 }],
    ['http://Registry.Intranet:8080/api', { host: 'registry.intranet', port: 8080 }],
    ['http://[::1]:9000/', { host: '::1', port: 9000 }],
  ])('%s → %j', (url, entry) => {
    expect(allowedHostOf(url)).toEqual(entry);
  });

  it('trusts exactly that host and port', () => {
    const trust = createHostTrust([allowedHostOf('http://127.0.0.1:8080/api'), { host: '0:0:0:0:0:0:0:1' }]);
    expect(trust(new URL('http://127.0.0.1:8080/other'))).toBe(true);
    expect(trust(new URL('http://127.0.0.1:8081/'))).toBe(false);
    expect(trust(new URL('https://[::1]/'))).toBe(true); // the same IPv6 address, written shorter
    expect(trust(new URL('http://[::1]:8080/'))).toBe(false);
  });
});

describe('FETCH_ALLOW_HOSTS from the configuration', () => {
  it('the services a chat adapter uses pass it to their fetcher', async () => {
    const services = createServices(loadConfig({ CACHE_URL: 'memory:', FETCH_ALLOW_HOSTS: `127.0.0.1:${intranet.port}` }));
    try {
      const got = await services.fetcher.fetchBytes(`${intranet.origin}/paper.pdf`);
      expect(Buffer.from(got.bytes).equals(SAMPLE)).toBe(true);
    } finally {
      await services.close();
    }
  });

  it('the paperbot process: a listed intranet PDF is summarized; unlisted, or redirected elsewhere, refused', async () => {
    const env = { CACHE_URL: 'memory:', FETCH_ALLOW_HOSTS: `127.0.0.1:${intranet.port}` };
    const ok = await runCli(['summarize', '--lang', 'en', `${intranet.origin}/paper.pdf`], { env });
    expect(ok.stderr).toMatch(/reading \d+ pages/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^1\. Title: SIEVE/);

    const unlisted = await runCli(['summarize', `${intranet.origin}/paper.pdf`], { env: { CACHE_URL: 'memory:' } });
    expect(unlisted.code).toBe(1);
    expect(unlisted.stderr).toContain(`${intranet.origin}/paper.pdf: That address is not allowed: 127.0.0.1 is a loopback address.`);

    const away = `${intranet.origin}/redirect?to=${encodeURIComponent(`${other.origin}/paper.pdf`)}`;
    const redirected = await runCli(['summarize', away], { env });
    expect(redirected.code).toBe(1);
    expect(redirected.stderr).toContain(`${away}: That address is not allowed: 127.0.0.1 is a loopback address.`);
    expect(other.connections).toBe(0);
  });
});
