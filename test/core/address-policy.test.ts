import { describe, expect, it } from 'vitest';
import { describeAddress, isPublicAddress } from '../../src/core/input/address-policy.ts';

describe('address policy', () => {
  it.each([
    // allowed
    ['8.8.8.8', 'public address'],
    ['1.1.1.1', 'public address'],
    ['151.101.1.69', 'public address'],
    ['172.32.0.1', 'public address'],
    ['100.128.0.1', 'public address'],
    ['2001:4860::1', 'public address'],
    ['2606:4700:4700::1111', 'public address'],
    ['[2001:4860:4860::8888]', 'public address'],
    ['::ffff:8.8.8.8', 'public address'],
    ['64:ff9b::808:808', 'public address'], // NAT64 of 8.8.8.8
    // refused
    ['127.0.0.1', 'loopback address'],
    ['127.255.255.254', 'loopback address'],
    ['::1', 'loopback address'],
    ['[::1]', 'loopback address'],
    ['0:0:0:0:0:0:0:1', 'loopback address'],
    ['::ffff:127.0.0.1', 'loopback address'],
    ['::ffff:7f00:1', 'loopback address'],
    ['::127.0.0.1', 'loopback address'],
    ['64:ff9b::7f00:1', 'loopback address'],
    ['2002:7f00:1::', 'loopback address'], // 6to4 of 127.0.0.1
    ['0.0.0.0', 'unspecified address'],
    ['0.1.2.3', 'unspecified address'],
    ['::', 'unspecified address'],
    ['10.0.0.1', 'private network address'],
    ['172.16.0.1', 'private network address'],
    ['172.31.255.255', 'private network address'],
    ['192.168.1.1', 'private network address'],
    ['::ffff:192.168.1.1', 'private network address'],
    ['fc00::1', 'private network address'],
    ['fd12:3456::1', 'private network address'],
    ['169.254.169.254', 'cloud metadata address'],
    ['::ffff:169.254.169.254', 'cloud metadata address'],
    ['fd00:ec2::254', 'cloud metadata address'],
    ['169.254.1.1', 'link-local address'],
    ['fe80::1', 'link-local address'],
    ['fe80::1%eth0', 'link-local address'],
    ['febf::1', 'link-local address'],
    ['100.64.0.1', 'shared carrier-grade NAT address'],
    ['100.127.255.255', 'shared carrier-grade NAT address'],
    ['224.0.0.1', 'multicast address'],
    ['239.255.255.250', 'multicast address'],
    ['ff02::1', 'multicast address'],
    ['255.255.255.255', 'broadcast address'],
    ['240.0.0.1', 'reserved address'],
    ['192.0.2.1', 'documentation address'],
    ['2001:db8::1', 'documentation address'],
    ['2001::1', 'reserved address'], // Teredo
    ['100::1', 'reserved address'],
    ['::8.8.8.8', 'reserved address'], // deprecated IPv4-compatible
    ['localhost', 'not an IP address'],
    ['example.com', 'not an IP address'],
    ['', 'not an IP address'],
    ['999.1.1.1', 'not an IP address'],
  ])('%s → %s', (ip, kind) => {
    expect(describeAddress(ip)).toBe(kind);
    expect(isPublicAddress(ip)).toBe(kind === 'public address');
  });
});
