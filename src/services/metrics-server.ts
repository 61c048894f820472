/**
 * `GET /healthz` and `GET /metrics` (Prometheus text format 0.0.4). The Slack app serves both as Bolt custom routes on
 * its own HTTP server; processes without one (Discord-only `serve`, `paperbot worker`) start this small server on PORT.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from '../core/metrics/metrics-registry.ts';

/** What /healthz says besides "ok": the process's role and queue. */
export interface HealthInfo {
  role: 'serve' | 'worker';
  queue: 'in-process' | 'redis';
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export function healthzText(info?: HealthInfo): string {
  return info ? `ok\nrole: ${info.role}\nqueue: ${info.queue}\n` : 'ok';
}

/** Answers `GET /metrics` with the registry rendered (500 with a plain reason when rendering fails). */
export function metricsHandler(registry: MetricsRegistry): Handler {
  return (_req, res) => {
    registry.render().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`metrics unavailable: ${(err as Error)?.message ?? String(err)}`);
      },
    );
  };
}

/** Bolt `customRoutes` entry for /metrics (next to /healthz). */
export function metricsRoute(registry: MetricsRegistry) {
  return { path: '/metrics', method: ['GET'], handler: metricsHandler(registry) };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the /healthz + /metrics server on `port` (0: any free port). Rejects when the port cannot be bound. */
export async function startHealthServer(opts: { port: number; host?: string; registry: MetricsRegistry; info: HealthInfo }): Promise<HealthServer> {
  const metrics = metricsHandler(opts.registry);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/healthz' && path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' });
      res.end('method not allowed');
      return;
    }
    if (path === '/metrics') return metrics(req, res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(healthzText(opts.info));
  });
  // Scrapes use keep-alive: idle sockets must not hold close() open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
