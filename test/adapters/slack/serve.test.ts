/** `paperbot serve` with Slack configured: starts the real app from the environment, answers /healthz, stops cleanly. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { runServerCommand } from '../../../src/commands/server.ts';
import { freePort } from '../../helpers/free-port.ts';
import { useFakeSlack } from '../../helpers/slack-harness.ts';

describe('paperbot serve', () => {
  const slack = useFakeSlack();

  it('starts the Slack app over HTTP when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set, logging to stderr', async () => {
    const port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-serve-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack().apiUrl,
      PORT: String(port),
      CACHE_URL: 'memory:',
      LOG_LEVEL: 'info', // the start-up line is an info record
    });
    const stderr: string[] = [];
    const stdout: string[] = [];
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let health = 0;
    const code = await runServerCommand('serve', [], config, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env: {} }, {
      stopSignal,
      onStarted: (info) => {
        expect(info).toEqual({ mode: 'http', port });
        void fetch(`http://127.0.0.1:${port}/healthz`)
          .then((r) => (health = r.status))
          .finally(() => stop());
      },
    });
    expect(code).toBe(0);
    expect(health).toBe(200);
    expect(stdout).toEqual([]);
    expect(stderr.join('\n')).toContain(`listening on port ${port}`);
  });

  it('keeps the clear message when no platform is configured', async () => {
    const stderr: string[] = [];
    const code = await runServerCommand('serve', [], loadConfig({}), { stdout: () => {}, stderr: (l) => stderr.push(l), env: {} });
    expect(code).toBe(2);
    expect(stderr.join('\n')).toMatch(/no chat platform is configured/);
  });
});
