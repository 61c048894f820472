/** Real `paperbot serve` / `worker` processes in scaled mode for tests and the load benchmark: their environment and start. */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '../helpers/fake-slack.ts';
import { BIN, cleanEnv, tempDir } from '../helpers/run-cli.ts';
import { REDIS_URL } from './redis-test-env.ts';

export interface ScaledEnvOptions {
  slackApiUrl: string;
  signingSecret: string;
  modelUrl: string;
  /** REDIS_PREFIX: one per test or run, so that nothing is shared with another. */
  prefix: string;
}

/** Slack (HTTP), the fake model without retries, an in-memory cache and the queue on the local Redis. */
export function scaledEnv(o: ScaledEnvOptions, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-scale-test',
    SLACK_SIGNING_SECRET: o.signingSecret,
    SLACK_API_URL: o.slackApiUrl,
    CACHE_URL: 'memory:',
    REDIS_URL,
    REDIS_PREFIX: o.prefix,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: o.modelUrl,
    OPENAI_MODEL: 'test-model',
    LLM_MAX_RETRIES: '0',
    SUMMARY_LANGUAGE: 'en',
    SHUTDOWN_TIMEOUT_S: '3',
    LOG_LEVEL: 'info', // the ready lines are info records
    ...extra,
  };
}

/** The messages of what a process logged: its stderr is pino's JSON lines (a line that is not JSON stays as it is). */
export function logMessages(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
      } catch {
        return line;
      }
    });
}

export interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `paperbot <command>` in a temporary directory and resolves once its stderr says `ready`. For `serve`, wait
 * for its "scaled mode: …" line: it comes after "listening on port", once the queue is started too.
 */
export async function spawnPaperbot(command: 'serve' | 'worker', env: Record<string, string>, ready: RegExp, children: ChildProcess[]): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, command], { cwd: tempDir('paperbot-scale-'), env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await waitFor(`${command} ready`, () => ready.test(stderr) || child.exitCode !== null, 30_000);
  if (child.exitCode !== null) throw new Error(`${command} exited early: ${stderr}`);
  return { child, stderr: () => stderr, exited };
}
