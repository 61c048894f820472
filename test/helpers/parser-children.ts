/**
 * The PDF parser's child processes of this test process, seen from /proc (Linux): their pids and environments.
 * Lets tests check that a child killed for memory is gone and replaced, and what a child was given.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const procAvailable = existsSync('/proc/self/status');

/** Pids of live (not yet reaped or zombie) children of this process that run the parser's worker. */
export function parserChildren(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // Fields after the command name (which may hold spaces): state, ppid, …
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes('pdf-worker')) out.push(Number(entry));
    } catch {
      // gone between the listing and the read
    }
  }
  return out.sort((a, b) => a - b);
}

/** A child's environment as NAME=value strings. */
export function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean);
}

/** Resolves once `check` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
