/**
 * Which IP addresses a download may connect to. Pure: no DNS, no sockets.
 *
 * Only public unicast addresses are allowed. Everything a server-side request forgery could reach is refused:
 * loopback, private networks, link-local (with the 169.254.169.254 cloud metadata address), carrier-grade NAT,
 * "this network", multicast, broadcast, documentation/benchmark/reserved ranges, and IPv6 forms that embed one of
 * those IPv4 addresses (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16).
 * IPv6 is allow-listed: only global unicast 2000::/3 can be public. Hosts the operator trusts (FETCH_ALLOW_HOSTS) get
 * the wider isTrustedHostAddress.
 */
import { isIP } from 'node:net';

/** What kind of address an IP is, in plain words (used in refusal messages). */
export type AddressDescription =
  | 'public address'
  | 'loopback address'
  | 'private network address'
  | 'link-local address'
  | 'cloud metadata address'
  | 'shared carrier-grade NAT address'
  | 'unspecified address'
  | 'multicast address'
  | 'broadcast address'
  | 'documentation address'
  | 'reserved address'
  | 'not an IP address';

type V4 = [number, number, number, number];

function parseV4(ip: string): V4 | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out as V4;
}

/** Parses an IPv6 address (with optional zone id and trailing dotted quad) into eight 16-bit groups. */
function parseV6(ip: string): number[] | null {
  let s = ip;
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    s = s.slice(0, lastColon + 1);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      groups.push(parseInt(g, 16));
    }
    return groups;
  };
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? '');
  if (!head) return null;
  if (halves.length === 2) {
    const rest = parseGroups(halves[1] ?? '');
    if (!rest) return null;
    const fill = 8 - head.length - rest.length - tail.length;
    if (fill < 1) return null;
    return [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
  }
  const all = [...head, ...tail];
  return all.length === 8 ? all : null;
}

function inV4(a: V4, base: V4, prefix: number): boolean {
  const toInt = (x: V4) => ((x[0] << 24) | (x[1] << 16) | (x[2] << 8) | x[3]) >>> 0;
  if (prefix === 0) return true;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return ((toInt(a) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}

const V4_RULES: Array<[V4, number, AddressDescription]> = [
  [[169, 254, 169, 254], 32, 'cloud metadata address'],
  [[100, 100, 100, 200], 32, 'cloud metadata address'], // Alibaba Cloud (inside CGNAT anyway)
  [[168, 63, 129, 16], 32, 'cloud metadata address'], // Azure host endpoint, a public-looking address
  [[255, 255, 255, 255], 32, 'broadcast address'],
  [[0, 0, 0, 0], 8, 'unspecified address'],
  [[10, 0, 0, 0], 8, 'private network address'],
  [[100, 64, 0, 0], 10, 'shared carrier-grade NAT address'],
  [[127, 0, 0, 0], 8, 'loopback address'],
  [[169, 254, 0, 0], 16, 'link-local address'],
  [[172, 16, 0, 0], 12, 'private network address'],
  [[192, 0, 0, 0], 24, 'reserved address'],
  [[192, 0, 2, 0], 24, 'documentation address'],
  [[192, 88, 99, 0], 24, 'reserved address'],
  [[192, 168, 0, 0], 16, 'private network address'],
  [[198, 18, 0, 0], 15, 'reserved address'],
  [[198, 51, 100, 0], 24, 'documentation address'],
  [[203, 0, 113, 0], 24, 'documentation address'],
  [[224, 0, 0, 0], 4, 'multicast address'],
  [[240, 0, 0, 0], 4, 'reserved address'],
];

function describeV4(a: V4): AddressDescription {
  for (const [base, prefix, kind] of V4_RULES) if (inV4(a, base, prefix)) return kind;
  return 'public address';
}

function v4From(hi: number, lo: number): V4 {
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

function describeV6(g: number[]): AddressDescription {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified address';
  if (zeroTo(7) && g7 === 1) return 'loopback address';
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated) reach the embedded IPv4 address.
  if (zeroTo(5) && g5 === 0xffff) return describeV4(v4From(g6, g7));
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return describeV4(v4From(g6, g7));
  if (zeroTo(6)) {
    // ::a.b.c.d, deprecated IPv4-compatible form: never public, but name what it points to.
    const inner = describeV4(v4From(g6, g7));
    return inner === 'public address' ? 'reserved address' : inner;
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return describeV4(v4From(g6, g7)); // NAT64
  if (g0 === 0x2002) return describeV4(v4From(g1, g2)); // 6to4
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) {
    return 'cloud metadata address'; // AWS instance metadata over IPv6, fd00:ec2::254
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private network address'; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'private network address'; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast address';
  if ((g0 & 0xe000) !== 0x2000) return 'reserved address'; // outside global unicast 2000::/3
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation address';
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'documentation address'; // 3fff::/20
  if (g0 === 0x2001 && g1 === 0) return 'reserved address'; // Teredo: the real endpoint is hidden
  if (g0 === 0x2001 && (g1 & 0xfff0) === 0x0010) return 'reserved address'; // ORCHID
  if (g0 === 0x2001 && g1 === 0x0002 && g2 === 0) return 'reserved address'; // benchmarking
  return 'public address';
}

/** Describes an IP address (IPv4 or IPv6, brackets and zone ids tolerated). */
export function describeAddress(ip: string): AddressDescription {
  let s = ip.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const family = isIP(s);
  if (family === 4) {
    const v4 = parseV4(s);
    return v4 ? describeV4(v4) : 'not an IP address';
  }
  if (family === 6) {
    const v6 = parseV6(s);
    return v6 ? describeV6(v6) : 'not an IP address';
  }
  return 'not an IP address';
}

/** True only for public unicast addresses a download may connect to. */
export function isPublicAddress(ip: string): boolean {
  return describeAddress(ip) === 'public address';
}

/**
 * Never reached, not even for an operator-trusted host (FETCH_ALLOW_HOSTS): cloud metadata and link-local addresses
 * (where instance and container credentials are served: a listed intranet name whose DNS answer changes must not lead
 * there), and what is not one host.
 */
const NEVER_TRUSTED: ReadonlySet<AddressDescription> = new Set<AddressDescription>([
  'cloud metadata address',
  'link-local address',
  'unspecified address',
  'multicast address',
  'broadcast address',
  'not an IP address',
]);

/** True for the addresses an operator-trusted host may resolve to: public, private, loopback, carrier-grade NAT, … */
export function isTrustedHostAddress(ip: string): boolean {
  return !NEVER_TRUSTED.has(describeAddress(ip));
}
