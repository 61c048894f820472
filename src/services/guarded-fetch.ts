/**
 * Downloads a paper without becoming a tool for server-side request forgery.
 *
 * - Only http and https, on every hop; redirects are followed by hand (default at most 5), each re-checked.
 * - The connection goes to the address that was checked (pinned-lookup.ts). IP literals are checked before connecting.
 * - Only public addresses, except for the hosts the operator lists (FETCH_ALLOW_HOSTS, trusted-hosts.ts): matched per
 *   hop on host name and port, so a redirect from a listed host to another private one is refused.
 * - The body is limited while reading (fetch-hop.ts).
 * - One overall deadline covers every hop, headers and body.
 * - An HTML page (a DOI landing page, an arXiv abs page) that names its PDF in `<meta name="citation_pdf_url">` is
 *   followed once, through the same guard (citation-pdf-url.ts). Anything else is returned as is; the caller checks
 *   for `%PDF-`.
 */
import { isIP } from 'node:net';
import { isPublicAddress, isTrustedHostAddress } from '../core/input/address-policy.ts';
import { PaperError } from '../core/errors.ts';
import type { Fetcher } from '../core/ports.ts';
import { HTML_SCAN_BYTES, findCitationPdfUrl, isHtml } from './citation-pdf-url.ts';
import { refusedAddress, refusedScheme } from './download-failures.ts';
import { fetchOneHop, hostOf, type CookieJar, type HopOptions } from './fetch-hop.ts';
import { createPinnedLookup, resolveWithDns, type ResolveHost } from './pinned-lookup.ts';
import { createHostTrust, type AllowedHost } from './trusted-hosts.ts';

// Part of this module's surface since before the split (tests and callers import them from here).
export { findCitationPdfUrl } from './citation-pdf-url.ts';
export type { ResolvedAddress } from './pinned-lookup.ts';

export interface GuardedFetcherOptions {
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes: number;
  /** Deadline for the whole download (all redirects, headers and body). */
  timeoutMs: number;
  /** Redirects followed per download; default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Address policy; default: public unicast addresses only (see core/input/address-policy.ts). */
  isAddressAllowed?: (ip: string) => boolean;
  /** Hosts reached although private (FETCH_ALLOW_HOSTS); every other check and limit still applies to them. */
  allowHosts?: readonly AllowedHost[];
  /** Host name resolution; default dns.lookup(host, { all: true }). Injected by tests to simulate DNS answers. */
  resolveHost?: ResolveHost;
}

const DEFAULT_USER_AGENT = 'paperbot/0.1 (academic paper summarizer)';

type FetchResult = Awaited<ReturnType<Fetcher['fetchBytes']>>;

export function createGuardedFetcher(options: GuardedFetcherOptions): Fetcher {
  const maxRedirects = options.maxRedirects ?? 5;
  const publicOnly = options.isAddressAllowed ?? isPublicAddress;
  const trustedHost = createHostTrust(options.allowHosts ?? []);
  const widened = (ip: string) => publicOnly(ip) || isTrustedHostAddress(ip);
  const resolveHost = options.resolveHost ?? resolveWithDns;
  const base = { userAgent: options.userAgent ?? DEFAULT_USER_AGENT, maxBytes: options.maxBytes };
  const publicHop: HopOptions = { ...base, lookup: createPinnedLookup(resolveHost, publicOnly) };
  const trustedHop: HopOptions = { ...base, lookup: createPinnedLookup(resolveHost, widened) };

  /** Follows redirects from `start`; every hop is checked for scheme and address. */
  async function follow(start: string, signal: AbortSignal, cookies: CookieJar, redirected: boolean): Promise<FetchResult> {
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
      const trusted = trustedHost(current);
      if (isIP(host) && !(trusted ? widened : publicOnly)(host)) throw refusedAddress(host, host, false);
      const answer = await fetchOneHop(current, signal, cookies, trusted ? trustedHop : publicHop);
      if (answer.kind === 'body') return { bytes: answer.bytes, finalUrl: current.href, contentType: answer.contentType };
      if (hops >= maxRedirects) throw new PaperError('download_failed', { reason: `too many redirects (more than ${maxRedirects})` });
      let next: URL;
      try {
        next = new URL(answer.location, current);
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
      const cookies: CookieJar = new Map();
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
