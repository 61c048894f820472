/** A TCP port on 127.0.0.1 that was free a moment ago, for servers the test starts through configuration. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
