/**
 * The small /healthz + /metrics server of processes without the Slack HTTP server: the module itself, then a
 * Discord-only `serve` and (with Redis) a `worker`, both answering on PORT until they stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createPaperbotMetrics } from '../../src/core/metrics/paperbot-metrics.ts';
import { runServerCommand } from '../../src/commands/server.ts';
import { startHealthServer } from '../../src/services/metrics-server.ts';
import { createPromRegistry } from '../../src/services/prom-registry.ts';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { freePort } from '../helpers/free-port.ts';
import { REDIS_URL, redisAvailable, uniqueName, deleteKeys } from '../scale/redis-test-env.ts';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('health and metrics server', () => {
  it('answers /healthz with ok, role and queue, /metrics in the exposition format, and 404 / 405 otherwise', async () => {
    const metrics = createPaperbotMetrics(createPromRegistry(), { version: '1.2.3' });
    metrics.feedbackVotes.inc({ platform: 'discord', vote: 'down' });
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, info: { role: 'worker', queue: 'redis' } });
    const origin = `http://127.0.0.1:${server.port}`;
    try {
      const health = await fetch(`${origin}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok\nrole: worker\nqueue: redis\n');
      const res = await fetch(`${origin}/metrics?x=1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(CONTENT_TYPE);
      const text = await res.text();
      expect(text).toContain('paperbot_feedback_votes_total{platform="discord",vote="down"} 1\n');
      expect(text).toContain('paperbot_build_info{version="1.2.3"} 1\n');
      expect((await fetch(`${origin}/nope`)).status).toBe(404);
      expect((await fetch(`${origin}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
    } finally {
      await server.close();
    }
    expect(await refused(`${origin}/healthz`)).toBe(true);
  });

  it('rejects when the port is taken', async () => {
    const metrics = createPaperbotMetrics(createPromRegistry());
    const first = await startHealthServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, info: { role: 'serve', queue: 'in-process' } });
    try {
      await expect(startHealthServer({ port: first.port, host: '127.0.0.1', registry: metrics.registry, info: { role: 'serve', queue: 'in-process' } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

/** Runs a server command; while it is up, `probe` gets the origin of PORT; then it is stopped. */
async function whileUp(command: 'serve' | 'worker', env: Record<string, string>, probe: (origin: string) => Promise<void>) {
  const port = await freePort();
  const stderr: string[] = [];
  let stop!: () => void;
  const stopSignal = new Promise<void>((r) => (stop = r));
  let probed: Promise<void> | undefined;
  const code = await runServerCommand(command, [], loadConfig({ CACHE_URL: 'memory:', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_S: '3', PORT: String(port), ...env }), { stdout: () => {}, stderr: (l) => stderr.push(l), env: {} }, {
    stopSignal,
    onStarted: () => {
      probed = probe(`http://127.0.0.1:${port}`).finally(stop);
    },
  });
  await probed;
  return { code, stderr: stderr.join('\n'), origin: `http://127.0.0.1:${port}` };
}

describe('/healthz and /metrics on PORT without the Slack HTTP server', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  const prefixes: string[] = [];
  beforeAll(async () => {
    discord = await startFakeDiscord();
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await discord?.close();
    await slack?.close();
    for (const p of prefixes) await deleteKeys(p);
  });

  it('Discord-only serve answers on PORT and closes the server when it stops', async () => {
    let health = '';
    let metrics = '';
    const r = await whileUp('serve', { DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: discord.apiUrl }, async (origin) => {
      health = await (await fetch(`${origin}/healthz`)).text();
      metrics = await (await fetch(`${origin}/metrics`)).text();
    });
    expect(r.code).toBe(0);
    expect(health).toBe('ok\nrole: serve\nqueue: in-process\n');
    expect(metrics).toContain('# TYPE paperbot_jobs_waiting gauge');
    expect(metrics).toContain('paperbot_jobs_active 0\n');
    expect(r.stderr).toContain('/healthz');
    expect(await refused(`${r.origin}/healthz`)).toBe(true);
  });

  it.skipIf(!redisAvailable)('a worker answers on PORT (scaled mode) and closes the server when it stops', async () => {
    const prefix = uniqueName('health');
    prefixes.push(prefix);
    let health = '';
    let metrics = '';
    const r = await whileUp('worker', { REDIS_URL, REDIS_PREFIX: prefix, SLACK_BOT_TOKEN: 'xoxb-health', SLACK_API_URL: slack.apiUrl }, async (origin) => {
      health = await (await fetch(`${origin}/healthz`)).text();
      metrics = await (await fetch(`${origin}/metrics`)).text();
    });
    expect(r.code).toBe(0);
    expect(health).toBe('ok\nrole: worker\nqueue: redis\n');
    expect(metrics).toContain('paperbot_jobs_waiting 0\n');
    expect(await refused(`${r.origin}/metrics`)).toBe(true);
  });
});
