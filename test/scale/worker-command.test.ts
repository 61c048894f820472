/** `paperbot worker` refuses plainly without REDIS_URL or without a platform to post back to. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { runServerCommand } from '../../src/commands/server.ts';
import { REDIS_URL } from './redis-test-env.ts';

async function worker(env: Record<string, string>) {
  const stderr: string[] = [];
  const code = await runServerCommand('worker', [], loadConfig(env), { stdout: () => {}, stderr: (l) => stderr.push(l), env: {} });
  return { code, stderr: stderr.join('\n') };
}

describe('paperbot worker', () => {
  it('says it needs REDIS_URL and exits 2 without it', async () => {
    const r = await worker({ SLACK_BOT_TOKEN: 'xoxb-x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"worker" needs REDIS_URL/);
  });

  it('says it needs a platform token to post back', async () => {
    const r = await worker({ REDIS_URL });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN and\/or DISCORD_TOKEN/);
  });
});
