/**
 * One GET request of a guarded download, without following anything: a redirect comes back as its location. The body
 * is limited while reading: a `content-length` over the limit is refused before the body is read, and a body that
 * grows past the limit (after decompression) is cut off and the socket destroyed. Aborting `signal` ends it too.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { PaperError } from '../core/errors.ts';
import { networkFailure, statusReason } from './download-failures.ts';

export type HopResult =
  | { kind: 'redirect'; location: string }
  | { kind: 'body'; bytes: Uint8Array; contentType: string | null };

/** Cookies per host name, kept across the hops of one download (some publishers set one before the redirect). */
export type CookieJar = Map<string, Map<string, string>>;

export interface HopOptions {
  userAgent: string;
  maxBytes: number;
  /** Where the socket connects; the pinned lookup checks every address first. */
  lookup: LookupFunction;
}

/** The host as node:http wants it (an IPv6 literal without its brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export function fetchOneHop(url: URL, signal: AbortSignal, cookies: CookieJar, options: HopOptions): Promise<HopResult> {
  const { userAgent, maxBytes } = options;
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
        lookup: options.lookup,
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
