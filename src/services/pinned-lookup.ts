/**
 * The `lookup` hook that pins a connection to the addresses that were checked: the host is resolved once, refused when
 * any address is not allowed, and exactly those addresses go to the socket (no second resolution an attacker's DNS
 * could answer differently). IP literals are checked the same way, without resolving.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress } from './download-failures.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type ResolveHost = (hostname: string, family: number) => Promise<ResolvedAddress[]>;

export const resolveWithDns: ResolveHost = async (hostname, family) => dns.promises.lookup(hostname, { all: true, family });

export function createPinnedLookup(resolveHost: ResolveHost, allowed: (ip: string) => boolean): LookupFunction {
  return (hostname, lookupOptions, callback) => {
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
}
