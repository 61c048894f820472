/**
 * Issue 6, part 6: URL inputs cannot reach what a server-side request forgery would want, and every download is
 * bounded. The guarded fetcher with its DEFAULT address policy; where a test needs a "public" server it adds exactly
 * 127.0.0.1 to the public addresses, so every other loopback, private or metadata address stays refused. Also the
 * chat platforms' own downloads: the Slack token only ever goes to Slack's file host, Discord files only from its CDN.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../src/adapters/discord/download-attachment.ts';
import { downloadSlackFile, isSlackFileUrl } from '../../src/adapters/slack/download-file.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { isPublicAddress } from '../../src/core/input/address-policy.ts';
import type { PaperError } from '../../src/core/errors.ts';
import { createGuardedFetcher, type GuardedFetcherOptions, type ResolvedAddress } from '../../src/services/guarded-fetch.ts';
import { fileShareEvent, lastUpdateText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);

interface Server {
  origin: string;
  port: number;
  connections: number;
  requests: Array<{ url: string; auth: string | undefined }>;
  close(): Promise<void>;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1', port = 0): Promise<Server> {
  const server = http.createServer((req, res) => {
    s.requests.push({ url: req.url ?? '', auth: req.headers.authorization });
    handler(req, res);
  });
  const s: Server = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => s.connections++);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
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

/** The default policy, plus 127.0.0.1 playing a public server (the tests' own). */
const publicOr127001 = (ip: string) => ip === '127.0.0.1' || isPublicAddress(ip);
const guarded = (o: Partial<GuardedFetcherOptions> = {}) => createGuardedFetcher({ maxBytes: 1024 * 1024, timeoutMs: 3000, ...o });

/** A DNS stand-in that answers from a table and counts questions; names not in it do not exist. */
function fakeDns(table: Record<string, string | string[]>) {
  const asked: string[] = [];
  const resolveHost = async (host: string): Promise<ResolvedAddress[]> => {
    asked.push(host);
    const v = table[host];
    if (!v) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return (Array.isArray(v) ? v : [v]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, resolveHost };
}

let pub: Server; // 127.0.0.1: the "public" server
let inside: Server; // 127.0.0.2, same port: an internal service that must never be reached
beforeAll(async () => {
  pub = await serve((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (url.pathname === '/slow-redirect') {
      const n = Number(url.searchParams.get('n') ?? 0);
      setTimeout(() => res.writeHead(302, { location: `/slow-redirect?n=${n + 1}` }).end(), 150);
    } else if (url.pathname === '/gzip-bomb') {
      // 20 MB of zeros in ~20 kB: the declared length is far under the limit, the body is not.
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    } else if (url.pathname === '/endless') {
      res.writeHead(200, { 'content-type': 'application/pdf' }); // no content-length, never ends
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (url.pathname === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
      res.write('%PDF-1.4\n');
      const t = setInterval(() => res.write('x'), 40);
      res.on('close', () => clearInterval(t));
    } else {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(Buffer.concat([PDF, Buffer.from('server=public')]));
    }
  });
  inside = await serve((_req, res) => res.end('%PDF-1.4 server=inside'), '127.0.0.2', pub.port);
});
afterAll(async () => {
  await pub?.close();
  await inside?.close();
});

describe('address policy: refused before any connection', () => {
  it.each([
    ['http://10.0.0.1/x.pdf', 'private network'],
    ['http://172.16.0.1/', 'private network'],
    ['http://172.31.255.254/', 'private network'],
    ['http://192.168.1.1/', 'private network'],
    ['http://127.0.0.1:PORT/', 'loopback'],
    ['http://127.255.255.254/', 'loopback'],
    ['http://[::1]:PORT/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/iam/', 'cloud metadata'],
    ['http://169.254.10.1/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[febf:ffff::1]/', 'link-local'],
    ['http://[fc00::1]/', 'private network'],
    ['http://[fd12:3456:789a::1]/', 'private network'],
    ['http://[fd00:ec2::254]/', 'cloud metadata'],
    ['http://[::ffff:127.0.0.1]:PORT/', 'loopback'],
    ['http://[::ffff:169.254.169.254]/', 'cloud metadata'],
    ['http://[::ffff:10.1.2.3]/', 'private network'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'], // NAT64 of 127.0.0.1
    ['http://0.0.0.0:PORT/', 'unspecified'],
    ['http://[::]:PORT/', 'unspecified'],
    ['http://2130706433:PORT/', 'loopback'], // decimal 127.0.0.1
    ['http://0x7f.1:PORT/', 'loopback'], // hex + short form
    ['http://0177.0.0.1:PORT/', 'loopback'], // octal
    ['http://0x7f000001:PORT/', 'loopback'],
    ['http://127.1:PORT/', 'loopback'],
    ['http://100.100.100.200/', 'cloud metadata'],
  ])('%s (%s)', async (template, kind) => {
    const dns = fakeDns({});
    const before = pub.connections + inside.connections;
    const err = await failure(guarded({ resolveHost: dns.resolveHost, timeoutMs: 1500 }).fetchBytes(template.replace('PORT', String(pub.port))));
    expect(err.code).toBe('url_refused');
    expect(String(err.data.reason)).toContain(`${kind} address`);
    expect(dns.asked).toEqual([]); // an IP literal needs no DNS
    expect(pub.connections + inside.connections).toBe(before);
  });

  it.each([['10.0.0.5'], ['169.254.169.254'], ['::1'], ['fd00::5'], ['::ffff:192.168.0.1'], ['0.0.0.0']])(
    'a host name that resolves to %s is refused before connecting',
    async (address) => {
      const dns = fakeDns({ 'papers.example': address });
      const err = await failure(guarded({ resolveHost: dns.resolveHost }).fetchBytes('http://papers.example/x.pdf'));
      expect(err.code).toBe('download_failed');
      expect(err.data.reason).toBe('papers.example was not found, or is not a public server');
      expect(String(err.data.detail)).toMatch(/^points to an? /);
    },
  );
});

describe('the same words for a name that does not exist and a name that points inside', () => {
  // Different answers would let anyone map the internal DNS from a chat: which names exist, and what they point to.
  it.each([
    ['10.0.0.8', 'private network'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00::8', 'private network'],
  ])('a name that resolves to %s and a name that does not resolve get the same code and message', async (address, kind) => {
    const dns = fakeDns({ 'wiki.corp': address });
    const before = pub.connections + inside.connections;
    const inner = await failure(guarded({ resolveHost: dns.resolveHost }).fetchBytes(`http://wiki.corp:${pub.port}/x.pdf`));
    const none = await failure(guarded({ resolveHost: dns.resolveHost }).fetchBytes(`http://wiki.corq:${pub.port}/x.pdf`));
    expect(dns.asked).toEqual(['wiki.corp', 'wiki.corq']);
    expect(inner.code).toBe(none.code);
    const words = (e: PaperError, host: string) => describeError(e).message.replace(host, '<host>');
    expect(words(inner, 'wiki.corp')).toBe(words(none, 'wiki.corq'));
    expect(words(inner, 'wiki.corp')).toBe('Could not get the paper: <host> was not found, or is not a public server.');
    expect(describeError(inner).message).not.toMatch(/loopback|private|metadata|points to/);
    // The detail stays in the error's data, for the logs.
    expect(String(inner.data.detail)).toContain(`${kind} address`);
    expect(String(none.data.detail)).toContain('ENOTFOUND');
    expect(pub.connections + inside.connections).toBe(before);
  });

  it('a redirect to such names is answered the same way too', async () => {
    const dns = fakeDns({ 'wiki.corp': '10.0.0.8' });
    const via = (host: string) =>
      failure(guarded({ isAddressAllowed: publicOr127001, resolveHost: dns.resolveHost }).fetchBytes(`${pub.origin}/redirect?to=${encodeURIComponent(`http://${host}/x.pdf`)}`));
    const [inner, none] = [await via('wiki.corp'), await via('wiki.corq')];
    expect(describeError(inner).message.replace('wiki.corp', 'X')).toBe(describeError(none).message.replace('wiki.corq', 'X'));
  });
});

describe('only http and https', () => {
  it.each(['file:///etc/passwd', 'ftp://ftp.example.org/x.pdf', 'data:application/pdf;base64,JVBERi0xLjQ=', 'javascript:alert(1)', 'gopher://x.example/', 'ws://x.example/'])(
    '%s is refused, given directly and as a redirect',
    async (url) => {
      expect((await failure(guarded().fetchBytes(url))).code).toBe('url_refused');
      const redirected = await failure(guarded({ isAddressAllowed: publicOr127001 }).fetchBytes(`${pub.origin}/redirect?to=${encodeURIComponent(url)}`));
      expect(redirected.code).toBe('url_refused');
      expect(String(redirected.data.reason)).toMatch(/only http and https/);
    },
  );
});

describe('redirects from an allowed server are checked again', () => {
  it.each([
    'http://127.0.0.2:PORT/',
    'http://2130706434:PORT/',
    'http://0x7f.2:PORT/',
    'http://[::ffff:127.0.0.2]:PORT/',
    'http://[::1]:PORT/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://metadata.example/',
  ])('a redirect to %s is refused and the target never contacted', async (target) => {
    const dns = fakeDns({ 'metadata.example': '169.254.169.254' });
    const before = inside.connections;
    const to = target.replace('PORT', String(inside.port));
    const err = await failure(guarded({ isAddressAllowed: publicOr127001, resolveHost: dns.resolveHost, timeoutMs: 1500 }).fetchBytes(`${pub.origin}/redirect?to=${encodeURIComponent(to)}`));
    // A name is refused in the words of a name that does not exist (see "the same words" below); an IP as such.
    expect(err.code).toBe(target.includes('metadata.example') ? 'download_failed' : 'url_refused');
    expect(inside.connections).toBe(before);
  });

  it('control: the same redirect to an allowed address is followed', async () => {
    const got = await guarded({ isAddressAllowed: publicOr127001 }).fetchBytes(`${pub.origin}/redirect?to=${encodeURIComponent(`${pub.origin}/paper.pdf`)}`);
    expect(Buffer.from(got.bytes).toString()).toContain('server=public');
  });
});

describe('DNS rebinding: the address checked is the address connected to', () => {
  /** Answers the allowed address first and the internal one on every later question, like a rebinding DNS server. */
  function rebindingDns() {
    let n = 0;
    const asked: string[] = [];
    const resolveHost = async (host: string): Promise<ResolvedAddress[]> => {
      asked.push(host);
      n += 1;
      return [{ address: n === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    return { asked, resolveHost };
  }

  it('one question per hop: the socket goes to the checked answer, never to a second one', async () => {
    const dns = rebindingDns();
    const before = inside.connections;
    const got = await guarded({ isAddressAllowed: publicOr127001, resolveHost: dns.resolveHost }).fetchBytes(`http://rebind.example:${pub.port}/paper.pdf`);
    expect(Buffer.from(got.bytes).toString()).toContain('server=public');
    expect(dns.asked).toEqual(['rebind.example']);
    expect(inside.connections).toBe(before);
  });

  it('a redirect back to the same name is resolved and checked again: the rebound answer is refused', async () => {
    const dns = rebindingDns();
    const before = inside.connections;
    const again = `http://rebind.example:${pub.port}/paper.pdf`;
    const err = await failure(
      guarded({ isAddressAllowed: publicOr127001, resolveHost: dns.resolveHost }).fetchBytes(`http://rebind.example:${pub.port}/redirect?to=${encodeURIComponent(again)}`),
    );
    expect(err.code).toBe('download_failed');
    expect(err.data.detail).toBe('points to a loopback address');
    expect(dns.asked).toEqual(['rebind.example', 'rebind.example']);
    expect(inside.connections).toBe(before);
  });
});

describe('size and time limits on every download', () => {
  const local = (o: Partial<GuardedFetcherOptions> = {}) => guarded({ isAddressAllowed: publicOr127001, ...o });

  it('a gzip bomb whose content-length is small is cut at the limit after decompression', async () => {
    const started = Date.now();
    const err = await failure(local({ maxBytes: 256 * 1024 }).fetchBytes(`${pub.origin}/gzip-bomb`));
    expect(err.code).toBe('too_large');
    expect(err.data.limitBytes).toBe(256 * 1024);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an endless body without content-length is cut at the limit', async () => {
    const err = await failure(local({ maxBytes: 512 * 1024, timeoutMs: 5000 }).fetchBytes(`${pub.origin}/endless`));
    expect(err.code).toBe('too_large');
  });

  it('a body that trickles in stops at the deadline', async () => {
    const started = Date.now();
    const err = await failure(local({ timeoutMs: 400 }).fetchBytes(`${pub.origin}/trickle`));
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('one deadline covers the whole redirect chain, not each hop', async () => {
    const started = Date.now();
    const err = await failure(local({ timeoutMs: 500, maxRedirects: 20 }).fetchBytes(`${pub.origin}/slow-redirect`));
    expect(err.code).toBe('timeout'); // each hop takes 150 ms: well under 500 ms, the chain is not
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('the Slack token goes only to Slack', () => {
  const TOKEN = 'xoxb-only-for-slack-123';
  let slackHost: Server; // plays files.slack.com (the host of SLACK_API_URL)
  let elsewhere: Server;
  beforeAll(async () => {
    elsewhere = await serve((_req, res) => res.end(PDF), '127.0.0.2');
    slackHost = await serve((req, res) => {
      if (req.url?.startsWith('/away')) res.writeHead(302, { location: `${elsewhere.origin}/stolen.pdf` }).end();
      else if (req.url?.startsWith('/moved')) res.writeHead(302, { location: '/files/paper.pdf' }).end();
      else if (req.url?.startsWith('/trickle')) {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        const t = setInterval(() => res.write('x'), 40);
        res.on('close', () => clearInterval(t));
      } else if (req.url?.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(Buffer.alloc(300_000, 0x41));
      } else res.end(PDF);
    });
  });
  afterAll(async () => {
    await slackHost?.close();
    await elsewhere?.close();
  });
  const opts = () => ({ token: TOKEN, slackApiUrl: `${slackHost.origin}/api/`, maxBytes: 100_000, timeoutMs: 2000 });

  it.each([
    'https://files.slack.com.evil.example/files-pri/T1/paper.pdf',
    'https://files.slack.com@evil.example/paper.pdf',
    'https://user:pw@files.slack.com/paper.pdf',
    'http://files.slack.com/files-pri/T1/paper.pdf',
    'https://files.slack.com:8443/paper.pdf',
    'https://evil.example/?u=https://files.slack.com/',
  ])('%s may not receive the token', (url) => {
    expect(isSlackFileUrl(url, 'https://slack.com/api/')).toBe(false);
  });

  it('files.slack.com over https, and the host of SLACK_API_URL, may', () => {
    expect(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/download/paper.pdf', 'https://slack.com/api/')).toBe(true);
    expect(isSlackFileUrl(`${slackHost.origin}/files/x.pdf`, opts().slackApiUrl)).toBe(true);
  });

  it('a file whose download link points elsewhere is refused without any request', async () => {
    const err = await failure(downloadSlackFile({ id: 'F1', url_private_download: `${elsewhere.origin}/paper.pdf` }, opts()));
    expect(err.code).toBe('url_refused');
    expect(elsewhere.requests).toEqual([]);
  });

  it('a redirect from Slack to another host is not followed: the token never leaves', async () => {
    const err = await failure(downloadSlackFile({ id: 'F2', url_private_download: `${slackHost.origin}/away` }, opts()));
    expect(err.code).toBe('url_refused');
    expect(slackHost.requests.at(-1)).toEqual({ url: '/away', auth: `Bearer ${TOKEN}` });
    expect(elsewhere.requests).toEqual([]);
  });

  it('control: a redirect within Slack is followed, with the token', async () => {
    const bytes = await downloadSlackFile({ id: 'F3', url_private_download: `${slackHost.origin}/moved` }, opts());
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect(slackHost.requests.at(-1)).toEqual({ url: '/files/paper.pdf', auth: `Bearer ${TOKEN}` });
  });

  it('size: a file announced small but larger on the wire is cut at the limit; time: a trickle stops at the deadline', async () => {
    const big = await failure(downloadSlackFile({ id: 'F4', size: 1000, url_private_download: `${slackHost.origin}/big` }, opts()));
    expect(big.code).toBe('too_large');
    const slow = await failure(downloadSlackFile({ id: 'F5', url_private_download: `${slackHost.origin}/trickle` }, { ...opts(), timeoutMs: 300 }));
    expect(slow.code).toBe('timeout');
  });
});

describe('the Slack app never sends its token to a file link elsewhere', () => {
  let h: SlackHarness;
  let elsewhere: Server;
  beforeAll(async () => {
    elsewhere = await serve((_req, res) => res.end(PDF), '127.0.0.2');
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h?.close();
    await elsewhere?.close();
  });

  it('a shared file whose url_private_download points to another host is refused in the thread; that host hears nothing', async () => {
    const file = { id: 'F0ELSE', name: 'paper.pdf', mimetype: 'application/pdf', filetype: 'pdf', size: PDF.length, url_private_download: `${elsewhere.origin}/paper.pdf` };
    const ev = fileShareEvent('C0ELSE', file);
    await h.send(ev);
    await h.settled(ev.event_id);
    expect(elsewhere.requests).toEqual([]);
    expect(lastUpdateText(h.slack, 'C0ELSE')).toMatch(/does not point to Slack's file host/);
  });
});

describe('Discord attachments come only from the CDN', () => {
  it('a redirect from the CDN to another host is refused before any request', async () => {
    const other = await serve((_req, res) => res.end(PDF), '127.0.0.2');
    const cdn = await serve((_req, res) => res.writeHead(302, { location: `${other.origin}/x.pdf` }).end());
    try {
      const err = await failure(downloadAttachment({ url: `${cdn.origin}/attachments/1/x.pdf`, name: 'x.pdf' }, { maxBytes: 100_000, timeoutMs: 2000, extraOrigins: [cdn.origin] }));
      expect(err.code).toBe('url_refused');
      expect(other.requests).toEqual([]);
      const direct = await failure(downloadAttachment({ url: 'http://169.254.169.254/x.pdf', name: 'x.pdf' }, { maxBytes: 100_000, timeoutMs: 2000 }));
      expect(direct.code).toBe('url_refused');
    } finally {
      await other.close();
      await cdn.close();
    }
  });
});
