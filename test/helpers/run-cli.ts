/** Runs the real `paperbot` binary as a user would, in a clean temporary working directory. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'paperbot.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the developer's own model/chat settings, so tests see only what they set. */
/** Tests never reach the real arXiv or Crossref: lookups stay off unless a test points a registry URL at its fake. */
export function noRegistries(env: Record<string, string | undefined>): Record<string, string> {
  return env.ARXIV_API_URL || env.CROSSREF_API_URL ? {} : { REGISTRY_LOOKUP: 'off' };
}

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OPENAI_|SLACK_|DISCORD_|CACHE_URL|REDIS_URL|MAX_|SUMMARY_LANGUAGE|REGISTRY_LOOKUP)/.test(k)) continue;
    env[k] = v;
  }
  return { ...noRegistries(extra), ...env, ...extra };
}

export function tempDir(prefix = 'paperbot-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? tempDir(), env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`paperbot ${args.join(' ')} did not finish in time\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
