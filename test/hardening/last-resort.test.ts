/**
 * Issue 14 finding 5: the handler that logs a rejection nobody handled stays installed through the graceful stop and
 * until the process exits (it was removed before shutting down, so a store closing badly could kill the process in the
 * middle of its stop). `serve` runs in-process against the fake Discord; after it has stopped, paperbot's handler is
 * still listening and writes the rejection to the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { runServerCommand } from '../../src/commands/server.ts';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.ts';

describe('the last-resort handler of serve', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('is still installed after serve has stopped, and logs what it catches', async () => {
    const before = new Set(process.listeners('unhandledRejection'));
    const stderr: string[] = [];
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let seenWhileServing = 0;
    const code = await runServerCommand(
      'serve',
      [],
      loadConfig({ CACHE_URL: 'memory:', LOG_LEVEL: 'info', LOG_FORMAT: 'json', DISCORD_TOKEN: 'test-discord-token', DISCORD_API_URL: fake.apiUrl, SHUTDOWN_TIMEOUT_S: '2' }),
      { stdout: () => {}, stderr: (l: string) => stderr.push(l), env: {} },
      {
        stopSignal,
        onStarted: () => {
          seenWhileServing = process.listeners('unhandledRejection').filter((l) => !before.has(l)).length;
          stop();
        },
      },
    );
    expect(code).toBe(0);
    expect(seenWhileServing).toBe(1);
    const ours = process.listeners('unhandledRejection').filter((l) => !before.has(l));
    expect(ours).toHaveLength(1);
    // What Node would call for a rejection during the stop or after it.
    (ours[0] as (reason: unknown, p: Promise<unknown>) => void)(new Error('a store closed badly'), Promise.resolve());
    const logged = stderr.filter((l) => l.includes('a store closed badly'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/unhandled error/);
  });
});
