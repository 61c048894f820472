/** Runs the real `paperbot` binary as a user would, in a clean temporary working directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';

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

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** Everything it has written to stderr so far. */
  stderr: () => string;
  exited: Promise<number | null>;
  /** SIGTERM, then its exit code once it has closed. */
  stop: () => Promise<number | null>;
}

/**
 * The real `paperbot serve` (environment only) in `cwd`, resolved once `first` (e.g. the fake Discord's gateway
 * ready) has resolved and then its stderr contains `ready` (default: the "listening on port" line for its port).
 * PORT is a free port and SHUTDOWN_TIMEOUT_S 2 unless `env` says otherwise. If it exits or stays silent first, it is
 * stopped and the error carries its stderr.
 */
export async function startServe(
  env: Record<string, string>,
  opts: { cwd?: string; ready?: string; first?: () => Promise<unknown>; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const full = { SHUTDOWN_TIMEOUT_S: '2', ...env, PORT: String(port) };
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: opts.cwd ?? tempDir('paperbot-serve-'), env: cleanEnv(full), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  const ready = opts.ready ?? `listening on port ${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  await opts.first?.();
  while (!stderr.includes(ready)) {
    const ended = child.exitCode !== null || child.signalCode !== null;
    if (ended || Date.now() > deadline) {
      await stop();
      throw new Error(`paperbot serve ${ended ? `exited (${child.exitCode ?? child.signalCode})` : 'did not get ready'} before saying "${ready}"\nstderr: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, port, stderr: () => stderr, exited, stop };
}
