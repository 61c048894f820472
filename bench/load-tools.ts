/**
 * What `npm run bench:load` needs besides the test helpers: real `paperbot serve` / `paperbot worker` processes
 * (spawned like test/scale/two-processes.test.ts does), a watcher that sees each summary land on the fake Slack as it
 * happens, and the table it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { waitFor, type FakeSlack, type SlackCall } from '../test/helpers/fake-slack.ts';
import { BIN, cleanEnv, tempDir } from '../test/helpers/run-cli.ts';

export interface Proc {
  name: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcess>();
const dirs: string[] = [];

/** Last resort on any exit of the bench (error, Ctrl-C): no paperbot process outlives it. */
export function killAllOnExit(): void {
  const killAll = () => {
    for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Starts `node bin/paperbot.js <command>` in a temporary working directory; resolves once it says it is ready. */
export async function spawnPaperbot(name: string, command: 'serve' | 'worker', env: Record<string, string>, ready: RegExp, timeoutMs = 90_000): Promise<Proc> {
  const cwd = tempDir('paperbot-load-');
  dirs.push(cwd);
  const child = spawn(process.execPath, [BIN, command], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      live.delete(child);
      r(code);
    }),
  );
  await waitFor(`${name} ready`, () => ready.test(stderr) || child.exitCode !== null || child.signalCode !== null, timeoutMs).catch((err: Error) => {
    throw new Error(`${err.message}\n${name} stderr:\n${stderr}`);
  });
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}):\n${stderr}`);
  return { name, child, stderr: () => stderr, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when it had to be killed). */
export async function stopProc(p: Proc, graceMs = 15_000): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.exited;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  try {
    return await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A Redis key prefix of its own for one run (deleted afterwards). */
export function uniquePrefix(): string {
  return `paperbot-bench:load:${randomUUID().slice(0, 8)}`;
}

const hasBlocks = (c: SlackCall) => c.method === 'chat.update' && Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;

export interface SummaryWatch {
  /** ms (performance.now()) when the first summary landed in `channel`, if it did. */
  firstAt: Map<string, number>;
  /** ms when a worker picked the paper up (its 👀 reaction landed in `channel`). */
  pickedAt: Map<string, number>;
  /** Summaries (chat.update with blocks) seen per channel. */
  count: Map<string, number>;
  /** performance.now() of the last Web API call the fake recorded. */
  lastCallAt(): number;
  stop(): void;
}

/** Reads the fake Slack's call log incrementally every `everyMs` (the latency is good to about that). */
export function watchSummaries(slack: FakeSlack, everyMs = 5): SummaryWatch {
  const firstAt = new Map<string, number>();
  const pickedAt = new Map<string, number>();
  const count = new Map<string, number>();
  let seen = 0;
  let lastCall = performance.now();
  const scan = () => {
    const now = performance.now();
    if (slack.calls.length > seen) lastCall = now;
    for (; seen < slack.calls.length; seen++) {
      const call = slack.calls[seen]!;
      if (call.method === 'reactions.add' && call.params.name === 'eyes' && !pickedAt.has(String(call.params.channel))) pickedAt.set(String(call.params.channel), now);
      if (!hasBlocks(call)) continue;
      const channel = String(call.params.channel);
      count.set(channel, (count.get(channel) ?? 0) + 1);
      if (!firstAt.has(channel)) firstAt.set(channel, now);
    }
  };
  const timer = setInterval(scan, everyMs);
  return {
    firstAt,
    pickedAt,
    count,
    lastCallAt: () => lastCall,
    stop() {
      clearInterval(timer);
      scan();
    },
  };
}

/** Machine-wide CPU time from /proc/stat (Linux; null elsewhere): busy and total jiffies. */
export function cpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of all cores busy between two cpuTimes() readings, in %. */
export function busyPercent(a: ReturnType<typeof cpuTimes>, b: ReturnType<typeof cpuTimes>): number {
  if (!a || !b || b.total === a.total) return NaN;
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ms used so far by `pid` itself, and by its descendants (live ones from /proc, reaped ones from cutime/cstime); zeros when unknown. */
export function processCpuMs(pid: number | undefined): { own: number; children: number } {
  if (pid === undefined) return { own: 0, children: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // After the command: state is f[0], utime f[11], stime f[12], cutime f[13], cstime f[14].
    const own = (f[11]! + f[12]!) * TICK_MS;
    let children = (f[13]! + f[14]!) * TICK_MS;
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const kid of kids ? kids.split(/\s+/) : []) {
      const k = processCpuMs(Number(kid));
      children += k.own + k.children;
    }
    return { own, children };
  } catch {
    return { own: 0, children: 0 };
  }
}

/** A plain text table: right-aligned columns under a header and a rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
