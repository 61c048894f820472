import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import type { PaperError } from '../../src/core/errors.ts';
import { createGuardedFetcher, findCitationPdfUrl, type GuardedFetcherOptions } from '../../src/services/guarded-fetch.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0x41), Buffer.from('\n%%EOF\n')]);

interface TestServer {
  base: string;
  port: number;
  /** Paths requested, in order. */
  requests: string[];
  /** Host headers received, in order. */
  hosts: string[];
  connections: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, server: TestServer) => void;

async function startServer(handler: Handler, host = '127.0.0.1'): Promise<TestServer> {
  const server = http.createServer();
  const state: TestServer = {
    base: '',
    port: 0,
    requests: [],
    hosts: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => state.connections++);
  server.on('request', (req, res) => {
    state.requests.push(req.url ?? '');
    state.hosts.push(req.headers.host ?? '');
    handler(req, res, state);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.base = `http://${host}:${state.port}`;
  return state;
}

async function failure(p: Promise<unknown>): Promise<PaperError> {
  try {
    await p;
  } catch (err) {
    return err as PaperError;
  }
  throw new Error('expected a failure');
}

const allowAll = () => true;
const fetcher = (overrides: Partial<GuardedFetcherOptions> = {}) =>
  createGuardedFetcher({ maxBytes: 1024 * 1024, timeoutMs: 5000, isAddressAllowed: allowAll, ...overrides });

/** Chunked body writer that respects backpressure and records whether the client hung up early. */
const streamed = { sent: 0, total: 50 * 1024 * 1024, closedEarly: false, done: Promise.resolve() };

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((req, res, self) => {
    const url = new URL(req.url ?? '/', self.base);
    switch (url.pathname) {
      case '/paper.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': PDF.length });
        res.end(PDF);
        return;
      case '/gzip.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-encoding': 'gzip' });
        res.end(gzipSync(PDF));
        return;
      case '/big-declared': {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 10_000_000 });
        res.flushHeaders(); // headers only: a client that waited for the body would hit the timeout
        return;
      }
      case '/big-chunked': {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        streamed.sent = 0;
        streamed.closedEarly = false;
        let closed = false;
        const hungUp = new Promise<void>((resolve) => res.once('close', resolve)).then(() => {
          closed = true;
        });
        const chunk = Buffer.alloc(16 * 1024, 0x42);
        streamed.done = (async () => {
          while (streamed.sent < streamed.total) {
            if (closed) break;
            streamed.sent += chunk.length;
            if (!res.write(chunk)) {
              await Promise.race([new Promise<void>((resolve) => res.once('drain', resolve)), hungUp]);
            }
          }
          streamed.closedEarly = closed;
          if (!closed) res.end();
        })();
        return;
      }
      case '/r1':
        res.writeHead(302, { location: '/r2' }).end();
        return;
      case '/r2':
        res.writeHead(301, { location: `${self.base}/r3?x=1` }).end();
        return;
      case '/r3':
        res.writeHead(307, { location: 'paper.pdf' }).end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      case '/to-loopback':
        res.writeHead(302, { location: url.searchParams.get('to') ?? '' }).end();
        return;
      case '/slow':
        return; // never answers
      case '/drip': {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write('%PDF-1.4\n');
        const t = setInterval(() => res.write('x'), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/forbidden':
        res.writeHead(403).end('no');
        return;
      case '/landing': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>A paper</title>
          <meta name="citation_title" content="A paper">
          <meta content="/paper.pdf?a=1&amp;b=2" name="citation_pdf_url">
          </head><body>landing</body></html>`);
        return;
      }
      case '/landing-absolute': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html><head><meta name='citation_pdf_url' content='${self.base}/r1'></head></html>`);
        return;
      }
      case '/plain-html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body>no pdf here</body></html>');
        return;
      case '/landing-to-file':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><head><meta name="citation_pdf_url" content="file:///etc/passwd"></head></html>');
        return;
      case '/echo-host':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(`%PDF-1.4 host=${req.headers.host}`);
        return;
      default:
        res.writeHead(404).end('not here');
    }
  });
});
afterAll(() => srv.close());

describe('guarded fetch against a local server (policy injected to allow 127.0.0.1)', () => {
  it('returns the PDF bytes, the final URL and the content type', async () => {
    const got = await fetcher().fetchBytes(`${srv.base}/paper.pdf`);
    expect(Buffer.from(got.bytes).equals(PDF)).toBe(true);
    expect(got.finalUrl).toBe(`${srv.base}/paper.pdf`);
    expect(got.contentType).toBe('application/pdf');
  });

  it('decompresses a gzip-encoded answer', async () => {
    const got = await fetcher().fetchBytes(`${srv.base}/gzip.pdf`);
    expect(Buffer.from(got.bytes).equals(PDF)).toBe(true);
  });

  it('refuses a content-length over the limit before reading the body', async () => {
    const started = Date.now();
    const err = await failure(fetcher({ maxBytes: 1000, timeoutMs: 3000 }).fetchBytes(`${srv.base}/big-declared`));
    expect(err.code).toBe('too_large');
    expect(err.data).toEqual({ sizeBytes: 10_000_000, limitBytes: 1000 });
    expect(Date.now() - started).toBeLessThan(2000); // did not wait for a body that never comes
  });

  it('cuts a chunked body without content-length once it exceeds the limit', async () => {
    const limit = 64 * 1024;
    const err = await failure(fetcher({ maxBytes: limit }).fetchBytes(`${srv.base}/big-chunked`));
    expect(err.code).toBe('too_large');
    expect(err.data).toEqual({ sizeBytes: null, limitBytes: limit });
    await streamed.done;
    expect(streamed.closedEarly).toBe(true);
    expect(streamed.sent).toBeLessThan(streamed.total / 2);
    expect(describeError(err).message).toMatch(/too large/);
  });

  it('follows a redirect chain (relative, absolute, 301/302/307)', async () => {
    srv.requests.length = 0;
    const got = await fetcher().fetchBytes(`${srv.base}/r1`);
    expect(Buffer.from(got.bytes).equals(PDF)).toBe(true);
    expect(got.finalUrl).toBe(`${srv.base}/paper.pdf`);
    expect(srv.requests).toEqual(['/r1', '/r2', '/r3?x=1', '/paper.pdf']);
  });

  it('stops a redirect loop at the limit', async () => {
    srv.requests.length = 0;
    const err = await failure(fetcher({ maxRedirects: 3 }).fetchBytes(`${srv.base}/loop`));
    expect(err.code).toBe('download_failed');
    expect(err.data.reason).toMatch(/too many redirects/);
    expect(srv.requests).toHaveLength(4); // the first request and three redirects
  });

  it('a redirect loop fails at the default limit of 5', async () => {
    srv.requests.length = 0;
    const err = await failure(fetcher().fetchBytes(`${srv.base}/loop`));
    expect(err.code).toBe('download_failed');
    expect(srv.requests).toHaveLength(6);
  });

  it('refuses a redirect to file:///etc/passwd', async () => {
    const err = await failure(fetcher().fetchBytes(`${srv.base}/to-file`));
    expect(err.code).toBe('url_refused');
    expect(err.data.reason).toMatch(/redirected to a file address; only http and https/);
  });

  it('refuses a non-http URL given directly', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x.pdf', 'data:application/pdf;base64,JVBERi0=']) {
      const err = await failure(fetcher().fetchBytes(url));
      expect(err.code).toBe('url_refused');
    }
  });

  it('a server that never answers hits the timeout', async () => {
    const started = Date.now();
    const err = await failure(fetcher({ timeoutMs: 300 }).fetchBytes(`${srv.base}/slow`));
    expect(err.code).toBe('timeout');
    expect(err.data).toEqual({ stage: 'downloading' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body that trickles in forever hits the timeout too', async () => {
    const err = await failure(fetcher({ timeoutMs: 300 }).fetchBytes(`${srv.base}/drip`));
    expect(err.code).toBe('timeout');
  });

  it('404 and 403 give download_failed with the status', async () => {
    const nf = await failure(fetcher().fetchBytes(`${srv.base}/missing.pdf`));
    expect(nf.code).toBe('download_failed');
    expect(nf.data).toEqual({ status: 404, reason: 'not found' });
    expect(describeError(nf).message).toBe('Could not get the paper (HTTP 404): not found.');
    const fb = await failure(fetcher().fetchBytes(`${srv.base}/forbidden`));
    expect(fb.code).toBe('download_failed');
    expect(fb.data.status).toBe(403);
    expect(fb.data.reason).toMatch(/access denied/);
  });

  it('connection refused gives download_failed with a plain reason', async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const err = await failure(fetcher().fetchBytes(`${gone.base}/paper.pdf`));
    expect(err.code).toBe('download_failed');
    expect(err.data.reason).toBe('127.0.0.1 refused the connection');
    expect(describeError(err).message).not.toMatch(/\n\s+at /);
  });

  it('a DNS failure gives download_failed with a plain reason (the same as a name that points inside; the detail is for logs)', async () => {
    const resolveHost = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), { code: 'ENOTFOUND' });
    };
    const err = await failure(fetcher({ resolveHost }).fetchBytes('http://no-such-host.invalid/paper.pdf'));
    expect(err.code).toBe('download_failed');
    expect(err.data).toEqual({ reason: 'no-such-host.invalid was not found, or is not a public server', host: 'no-such-host.invalid', detail: 'no address (ENOTFOUND)' });
  });

  it('an HTML landing page with citation_pdf_url leads to the PDF', async () => {
    srv.requests.length = 0;
    const got = await fetcher().fetchBytes(`${srv.base}/landing`);
    expect(Buffer.from(got.bytes).equals(PDF)).toBe(true);
    expect(got.finalUrl).toBe(`${srv.base}/paper.pdf?a=1&b=2`);
    expect(srv.requests).toEqual(['/landing', '/paper.pdf?a=1&b=2']);
  });

  it('the citation_pdf_url is fetched through the same guard (redirects, schemes)', async () => {
    const got = await fetcher().fetchBytes(`${srv.base}/landing-absolute`);
    expect(got.finalUrl).toBe(`${srv.base}/paper.pdf`);
    const err = await failure(fetcher().fetchBytes(`${srv.base}/landing-to-file`));
    expect(err.code).toBe('url_refused');
  });

  it('an HTML page without citation_pdf_url is returned as it is', async () => {
    const got = await fetcher().fetchBytes(`${srv.base}/plain-html`);
    expect(Buffer.from(got.bytes).toString()).toContain('no pdf here');
    expect(got.contentType).toBe('text/html');
  });

  it('host names are resolved once, by the guard, and the socket goes to the checked address', async () => {
    const asked: string[] = [];
    const resolveHost = async (host: string) => {
      asked.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // papers.test does not exist in any DNS: the download only works if the socket uses the guard's answer.
    const got = await fetcher({ resolveHost, isAddressAllowed: (ip) => ip === '127.0.0.1' }).fetchBytes(
      `http://papers.test:${srv.port}/echo-host`,
    );
    expect(Buffer.from(got.bytes).toString()).toBe(`%PDF-1.4 host=papers.test:${srv.port}`);
    expect(asked).toEqual(['papers.test']);
  });

  it('a host name with any refused address is refused before connecting', async () => {
    const before = srv.connections;
    const resolveHost = async () => [
      { address: '127.0.0.1', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const err = await failure(
      fetcher({ resolveHost, isAddressAllowed: (ip) => ip === '127.0.0.1' }).fetchBytes(`http://mixed.test:${srv.port}/paper.pdf`),
    );
    expect(err.code).toBe('download_failed');
    expect(err.data.reason).toBe('mixed.test was not found, or is not a public server');
    expect(err.data.detail).toBe('points to a private network address');
    expect(srv.connections).toBe(before);
  });
});

describe('findCitationPdfUrl', () => {
  it.each([
    ['<meta name="citation_pdf_url" content="https://x.org/a.pdf">', 'https://x.org/a.pdf'],
    ['<META CONTENT="https://x.org/a.pdf" NAME="citation_pdf_url" />', 'https://x.org/a.pdf'],
    ["<meta name='citation_pdf_url' content='/pdf?id=1&amp;v=2'>", '/pdf?id=1&v=2'],
    ['<meta name="citation_title" content="T"><p>no link</p>', null],
  ])('%s', (html, expected) => {
    expect(findCitationPdfUrl(html)).toBe(expected);
  });
});

describe('guarded fetch with the DEFAULT address policy', () => {
  const strict = () => createGuardedFetcher({ maxBytes: 1024 * 1024, timeoutMs: 3000 });
  let connectionsBefore = 0;
  let requestsBefore = 0;
  beforeAll(() => {
    connectionsBefore = srv.connections;
    requestsBefore = srv.requests.length;
  });
  afterEach(() => {
    // the local server never received a connection, let alone a request
    expect(srv.connections).toBe(connectionsBefore);
    expect(srv.requests.length).toBe(requestsBefore);
  });

  it.each([
    ['http://127.0.0.1:PORT/x.pdf', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::1]:PORT/x.pdf', '::1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
    ['http://[::ffff:127.0.0.1]:PORT/', '::ffff:7f00:1 is a loopback address'],
    ['http://0x7f000001:PORT/', '127.0.0.1 is a loopback address'],
    ['http://127.1:PORT/', '127.0.0.1 is a loopback address'],
    ['http://0.0.0.0:PORT/', '0.0.0.0 is an unspecified address'],
    ['http://10.1.2.3/', '10.1.2.3 is a private network address'],
    ['http://192.168.0.1/', '192.168.0.1 is a private network address'],
    ['http://100.64.0.1/', '100.64.0.1 is a shared carrier-grade NAT address'],
    ['https://[fe80::1]/', 'fe80::1 is a link-local address'],
  ])('%s is refused', async (template, reason) => {
    const err = await failure(strict().fetchBytes(template.replace('PORT', String(srv.port))));
    expect(err.code).toBe('url_refused');
    expect(err.data.reason).toBe(reason);
    expect(describeError(err).message).toBe(`That address is not allowed: ${reason}.`);
  });

  it('a name that points to a loopback address is refused in the words of a name that does not exist', async () => {
    const err = await failure(strict().fetchBytes(`http://localhost:${srv.port}/`));
    expect(err.code).toBe('download_failed');
    expect(describeError(err).message).toBe('Could not get the paper: localhost was not found, or is not a public server.');
    expect(err.data.detail).toBe('points to a loopback address');
  });
});

describe('redirects are re-checked on every hop', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(PDF);
    }, '127.0.0.2');
  });
  afterAll(() => other.close());

  it('a redirect from an allowed server to a loopback address is refused at the redirect', async () => {
    // Policy: 127.0.0.1 plays the public server; every other address gets the default (strict) policy.
    const f = fetcher({ isAddressAllowed: (ip) => ip === '127.0.0.1' });
    srv.requests.length = 0;
    const err = await failure(f.fetchBytes(`${srv.base}/to-loopback?to=${encodeURIComponent(`${other.base}/secret.pdf`)}`));
    expect(err.code).toBe('url_refused');
    expect(err.data.reason).toBe('127.0.0.2 is a loopback address');
    expect(srv.requests).toHaveLength(1);
    expect(other.connections).toBe(0);
    // control: with 127.0.0.2 allowed the same redirect works, so the refusal above was the guard
    const ok = await fetcher().fetchBytes(`${srv.base}/to-loopback?to=${encodeURIComponent(`${other.base}/secret.pdf`)}`);
    expect(Buffer.from(ok.bytes).equals(PDF)).toBe(true);
  });

  it('a redirect to a host name that resolves to a refused address is refused (DNS checked per hop)', async () => {
    const resolveHost = async (host: string) => (host === 'inside.test' ? [{ address: '127.0.0.2', family: 4 }] : []);
    const f = fetcher({ resolveHost, isAddressAllowed: (ip) => ip === '127.0.0.1' });
    const before = other.connections;
    const err = await failure(f.fetchBytes(`${srv.base}/to-loopback?to=${encodeURIComponent(`http://inside.test:${other.port}/`)}`));
    expect(err.code).toBe('download_failed');
    expect(err.data.reason).toBe('inside.test was not found, or is not a public server');
    expect(err.data.detail).toBe('points to a loopback address');
    expect(other.connections).toBe(before);
  });
});
