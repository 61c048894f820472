/**
 * Downloads a paper without becoming a tool for server-side request forgery.
 *
 * - Only http and https, on every hop; redirects are followed by hand (default at most 5), each re-checked.
 * - The connection goes to the address that was checked: node:http gets a custom `lookup` that resolves the host
 *   once, refuses it when any address is not allowed, and hands exactly those addresses to the socket (no second
 *   resolution an attacker's DNS could answer differently). IP literals are checked before connecting.
 * - The body is limited while reading: a `content-length` over the limit is refused before the body is read, and a
 *   body that grows past the limit is cut off (the socket is destroyed).
 * - One overall deadline covers every hop, headers and body.
 * - An HTML page (a DOI landing page, an arXiv abs page) that names its PDF in `<meta name="citation_pdf_url">` is
 *   followed once, through the same guard. Anything else is returned as is; the caller checks for `%PDF-`.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describeAddress, isPublicAddress } from '../core/address-policy.ts';
import { PaperError, isPaperError } from '../core/errors.ts';
import type { Fetcher } from '../core/ports.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface GuardedFetcherOptions {
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes: number;
  /** Deadline for the whole download (all redirects, headers and body). */
  timeoutMs: number;
  /** Redirects followed per download; default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Address policy; default: public unicast addresses only (see core/address-policy.ts). */
  isAddressAllowed?: (ip: string) => boolean;
  /** Host name resolution; default dns.lookup(host, { all: true }). Injected by tests to simulate DNS answers. */
  resolveHost?: (hostname: string, family: number) => Promise<ResolvedAddress[]>;
}

const DEFAULT_USER_AGENT = 'paperbot/0.1 (academic paper summarizer)';
const HTML_SCAN_BYTES = 512 * 1024;

type FetchResult = Awaited<ReturnType<Fetcher['fetchBytes']>>;

type HopResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'body'; bytes: Uint8Array; contentType: string | null };

const defaultResolve = async (hostname: string, family: number): Promise<ResolvedAddress[]> =>
  dns.promises.lookup(hostname, { all: true, family });

function refusedAddress(host: string, ip: string, viaDns: boolean): PaperError {
  const kind = describeAddress(ip);
  const what =
    kind === 'public address' || kind === 'not an IP address'
      ? 'an address that is not allowed'
      : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  return new PaperError('url_refused', {
    reason: viaDns ? `${host} points to ${what}` : `${host} is ${what}`,
    host,
    addressKind: kind,
  });
}

function refusedScheme(url: string, redirected: boolean): PaperError {
  let scheme = url.split(':')[0] ?? '';
  if (scheme.length > 20 || !/^[a-z][a-z0-9+.-]*$/i.test(scheme)) scheme = 'another kind of';
  return new PaperError('url_refused', {
    reason: redirected
      ? `the download was redirected to a ${scheme.toLowerCase()} address; only http and https addresses are fetched`
      : 'only http and https addresses are fetched',
  });
}

const STATUS_REASONS: Record<number, string> = {
  400: 'the server rejected the request',
  401: 'the site requires a login',
  402: 'the paper is behind a paywall',
  403: 'access denied (the site may require a subscription or block automated downloads)',
  404: 'not found',
  410: 'the paper is no longer available there',
  429: 'the site is limiting how often it can be downloaded from; try again later',
  451: 'unavailable for legal reasons',
};

function statusReason(status: number): string {
  if (STATUS_REASONS[status]) return STATUS_REASONS[status];
  if (status >= 500) return 'the server had an error';
  if (status >= 400) return 'the server refused the request';
  if (status >= 300) return 'the server answered with a redirect that could not be followed';
  return 'unexpected answer from the server';
}

function networkFailure(err: unknown, host: string): PaperError {
  if (isPaperError(err)) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  let reason: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    reason = `could not find the server ${host}`;
  } else if (code === 'ECONNREFUSED') reason = `${host} refused the connection`;
  else if (code === 'ECONNRESET' || code === 'EPIPE') reason = 'the connection was closed by the server';
  else if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') reason = `could not reach ${host}`;
  else if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) reason = `the security certificate of ${host} is not valid`;
  else if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) reason = 'the server sent an invalid HTTP answer';
  else reason = code ? `network error (${code})` : 'network error';
  return new PaperError('download_failed', { reason });
}

/** Finds `<meta name="citation_pdf_url" content="…">` (attributes in any order) in an HTML page. */
export function findCitationPdfUrl(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
    }
    const name = (attrs.get('name') ?? attrs.get('property') ?? '').toLowerCase();
    const content = attrs.get('content');
    if (name === 'citation_pdf_url' && content) return decodeEntities(content.trim());
  }
  return null;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function isHtml(contentType: string | null, bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return false;
  if (contentType && /^\s*(text\/html|application\/xhtml\+xml)/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<meta)/i.test(head);
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export function createGuardedFetcher(options: GuardedFetcherOptions): Fetcher {
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const allowed = options.isAddressAllowed ?? isPublicAddress;
  const resolveHost = options.resolveHost ?? defaultResolve;
  const { maxBytes } = options;

  /** node:net lookup hook: resolve once, check every address, connect only to checked ones. */
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = typeof lookupOptions.family === 'number' ? lookupOptions.family : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family === 'IPv4' ? 4 : 0;
    const literal = isIP(hostname);
    const answer = literal ? Promise.resolve([{ address: hostname, family: literal }]) : resolveHost(hostname, family);
    answer.then(
      (addresses) => {
        if (addresses.length === 0) {
          const err: NodeJS.ErrnoException = Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
          callback(err, '', 0);
          return;
        }
        const bad = addresses.find((a) => !allowed(a.address));
        if (bad) {
          callback(refusedAddress(hostname, bad.address, !literal) as unknown as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (lookupOptions.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };

  function oneHop(url: URL, signal: AbortSignal, cookies: Map<string, Map<string, string>>): Promise<HopResult> {
    const host = hostOf(url);
    return new Promise<HopResult>((resolve, reject) => {
      let settled = false;
      let res: http.IncomingMessage | null = null;
      let body: Readable | null = null;
      let req: http.ClientRequest | null = null;
      const finish = (err: PaperError | null, value?: HopResult) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err) {
          body?.destroy();
          res?.destroy();
          req?.destroy();
          reject(err);
        } else resolve(value!);
      };
      const onAbort = () => finish(new PaperError('timeout', { stage: 'downloading' }));

      const jar = cookies.get(url.hostname);
      const headers: http.OutgoingHttpHeaders = {
        'user-agent': userAgent,
        accept: 'application/pdf,text/html;q=0.9,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (jar && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

      const mod = url.protocol === 'https:' ? https : http;
      try {
        req = mod.request({
          protocol: url.protocol,
          hostname: host,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers,
          lookup: guardedLookup,
          // A fresh agent per request: no pooled socket that was connected under an earlier check.
          agent: false,
        });
      } catch (err) {
        finish(networkFailure(err, host));
        return;
      }
      req.on('error', (err) => finish(networkFailure(err, host)));
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) {
        onAbort();
        return;
      }

      req.on('response', (response) => {
        res = response;
        const status = response.statusCode ?? 0;
        for (const line of response.headers['set-cookie'] ?? []) {
          const pair = /^\s*([^=;\s]+)=([^;]*)/.exec(line);
          if (!pair) continue;
          const m = cookies.get(url.hostname) ?? new Map<string, string>();
          m.set(pair[1]!, pair[2]!);
          cookies.set(url.hostname, m);
        }

        if ([301, 302, 303, 307, 308].includes(status)) {
          const location = response.headers.location;
          response.resume();
          if (!location) {
            finish(new PaperError('download_failed', { status, reason: statusReason(status) }));
            return;
          }
          response.destroy();
          finish(null, { kind: 'redirect', location });
          return;
        }
        if (status < 200 || status >= 300) {
          finish(new PaperError('download_failed', { status, reason: statusReason(status) }));
          return;
        }

        const declared = Number(response.headers['content-length']);
        const encoding = String(response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(new PaperError('too_large', { sizeBytes: declared, limitBytes: maxBytes }));
          return;
        }

        let stream: Readable = response;
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
        else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
        else if (encoding !== 'identity' && encoding !== '') {
          finish(new PaperError('download_failed', { reason: `the server used an unsupported compression (${encoding})` }));
          return;
        }
        body = stream;
        if (stream !== response) {
          stream.on('error', () => finish(new PaperError('download_failed', { reason: 'the server sent a damaged compressed answer' })));
        }

        const chunks: Buffer[] = [];
        let total = 0;
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          total += chunk.length;
          if (total > maxBytes) {
            finish(new PaperError('too_large', { sizeBytes: null, limitBytes: maxBytes }));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => {
          if (!response.complete) {
            finish(new PaperError('download_failed', { reason: 'the connection was closed before the download finished' }));
            return;
          }
          const ct = response.headers['content-type'];
          finish(null, { kind: 'body', bytes: new Uint8Array(Buffer.concat(chunks, total)), contentType: ct ?? null });
        });
        response.on('aborted', () =>
          finish(new PaperError('download_failed', { reason: 'the connection was closed before the download finished' })),
        );
        response.on('error', () =>
          finish(new PaperError('download_failed', { reason: 'the connection was closed before the download finished' })),
        );
        response.on('close', () => {
          if (!response.complete) {
            finish(new PaperError('download_failed', { reason: 'the connection was closed before the download finished' }));
          }
        });
      });
      req.end();
    });
  }

  /** Follows redirects from `start`; every hop is checked for scheme and address. */
  async function follow(start: string, signal: AbortSignal, cookies: Map<string, Map<string, string>>, redirected: boolean): Promise<FetchResult> {
    let current: URL;
    try {
      current = new URL(start);
    } catch {
      throw new PaperError('url_refused', { reason: 'this is not a valid web address' });
    }
    for (let hops = 0; ; hops++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw refusedScheme(current.href, redirected || hops > 0);
      if (current.username || current.password) {
        current.username = '';
        current.password = '';
      }
      const host = hostOf(current);
      if (isIP(host) && !allowed(host)) throw refusedAddress(host, host, false);
      const hop = await oneHop(current, signal, cookies);
      if (hop.kind === 'body') return { bytes: hop.bytes, finalUrl: current.href, contentType: hop.contentType };
      if (hops >= maxRedirects) throw new PaperError('download_failed', { reason: `too many redirects (more than ${maxRedirects})` });
      let next: URL;
      try {
        next = new URL(hop.location, current);
      } catch {
        throw new PaperError('download_failed', { reason: 'the server redirected to an invalid address' });
      }
      next.hash = '';
      current = next;
    }
  }

  return {
    async fetchBytes(url: string): Promise<FetchResult> {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      const cookies = new Map<string, Map<string, string>>();
      try {
        const first = await follow(url, controller.signal, cookies, false);
        if (!isHtml(first.contentType, first.bytes)) return first;
        const html = Buffer.from(first.bytes.subarray(0, HTML_SCAN_BYTES)).toString('utf8');
        const pdfLink = findCitationPdfUrl(html);
        if (!pdfLink) return first;
        let target: string;
        try {
          target = new URL(pdfLink, first.finalUrl).href;
        } catch {
          return first;
        }
        if (target === first.finalUrl) return first;
        return await follow(target, controller.signal, cookies, true);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
