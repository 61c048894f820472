/**
 * The parser child started before the configuration is read (`paperbot summarize`): taken by the first fork with the
 * same launch, ended unused by any other (an operator's PARSE_MAX_MEMORY_MB), and never keeps a process alive alone.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { forkWorker, prestartWorker, workerLaunch } from '../../src/services/pdf-worker-launch.ts';
import { until } from '../helpers/parser-children.ts';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) p.kill('SIGKILL');
});
const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

describe('the early parser child', () => {
  it('is the child the first fork with the same launch gets', () => {
    const launch = workerLaunch({ maxResidentMb: 512 });
    const early = prestartWorker(launch);
    const first = forkWorker(launch);
    const second = forkWorker(launch);
    started.push(first, second);
    expect(first).toBe(early);
    // The early child is taken once; the next fork starts a new one.
    expect(second.pid).not.toBe(first.pid);
  });

  it('is ended unused when the configuration asks for other limits', async () => {
    const early = prestartWorker(workerLaunch({ maxResidentMb: 512 }));
    started.push(early);
    const child = forkWorker(workerLaunch({ maxResidentMb: 200 }));
    started.push(child);
    expect(child).not.toBe(early);
    expect(child.spawnargs.join(' ')).toContain('--max-old-space-size=200');
    await until('the early child to end', () => !alive(early));
    // The slot is empty now: a later fork of the default launch starts a child of its own.
    const again = forkWorker(workerLaunch({ maxResidentMb: 512 }));
    started.push(again);
    expect(again).not.toBe(early);
    expect(alive(again)).toBe(true);
  });
});
