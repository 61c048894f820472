/**
 * Hosts the operator trusts (FETCH_ALLOW_HOSTS; registry endpoints such as ARXIV_API_URL through allowedHostOf): the
 * guarded fetcher may connect to them although they resolve to private addresses. Matched on each hop's URL: the host
 * name exactly (case-insensitive, no wildcards, no subdomains) and the effective port. An entry without a port stands
 * for 80 and 443. A redirect is a new hop and is matched again, so a trusted host cannot hand the fetcher on to an
 * untrusted private one.
 */
import type { AllowedHost } from '../config.ts';
import { hostOf } from './fetch-hop.ts';

export type { AllowedHost } from '../config.ts';

/** The port a URL connects to: its own, else its scheme's. */
export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** A host as the URL parser writes it (lower case, punycode, IPv4 in dotted decimal, IPv6 compressed), unbracketed. */
function canonicalHost(host: string): string {
  const bare = host.trim().replace(/^\[|\]$/g, '');
  try {
    return hostOf(new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`));
  } catch {
    return bare.toLowerCase();
  }
}

/** A configured endpoint (e.g. ARXIV_API_URL) as an allow-list entry: its host and effective port. */
export function allowedHostOf(endpoint: string | URL): AllowedHost {
  const url = typeof endpoint === 'string' ? new URL(endpoint) : endpoint;
  return { host: canonicalHost(hostOf(url)), port: effectivePort(url) };
}

/** Whether a URL's host and port are on the list. */
export function createHostTrust(entries: readonly AllowedHost[]): (url: URL) => boolean {
  const exact = new Set<string>();
  const defaultPorts = new Set<string>();
  for (const e of entries) {
    const host = canonicalHost(e.host);
    if (e.port === undefined) defaultPorts.add(host);
    else exact.add(`${host} ${e.port}`);
  }
  return (url) => {
    const host = hostOf(url);
    const port = effectivePort(url);
    return exact.has(`${host} ${port}`) || ((port === 80 || port === 443) && defaultPorts.has(host));
  };
}
