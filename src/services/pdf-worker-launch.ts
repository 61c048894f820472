/** How a parser child is started: its setup (asset paths, inflate limits, memory limit) and node flags. */
import { fork, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { WorkerSetup } from './pdf-worker/jobs.ts';
import { childEnv, workerEntry } from './pdf-worker-entry.ts';
import { pdfjsAssetPaths } from './pdfjs-assets.ts';
import { parserSnapshot } from './pdf-worker-snapshot.ts';

export interface Launch {
  setup: string;
  execArgv: string[];
}

export interface LaunchOptions {
  maxResidentMb: number;
  maxMemoryMb?: number;
}

export function workerLaunch(opts: LaunchOptions): Launch {
  const heapMb = opts.maxMemoryMb ?? opts.maxResidentMb;
  const limitBytes = opts.maxResidentMb * 2 ** 20;
  // The fast path for zlib bombs (pdf-worker/inflate-guard.ts): refused before pdf.js starts when one stream would
  // inflate past the whole resident limit, or all of them together past twice it (pdf.js frees streams page by page,
  // so the total is a heuristic kept loose: flate-compressed scans are large and are never decoded for their text).
  const inflateLimits = { perStreamBytes: limitBytes, totalBytes: 2 * limitBytes };
  const ocr = { maxResidentMb: opts.maxResidentMb };
  return {
    setup: JSON.stringify({ ...pdfjsAssetPaths(), inflateLimits, ocr } satisfies WorkerSetup),
    // Plain node with only the heap cap: the parent's loaders and flags are not needed in there.
    // --expose-gc: OCR frees each page's canvas and decoded scan (native memory V8 does not see) right after it.
    execArgv: ['--expose-gc', `--max-old-space-size=${heapMb}`, `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(heapMb / 64)))}`],
  };
}

let workerPath: string | undefined;

/**
 * A child started before the configuration is read (`paperbot summarize`: node boots and loads pdf.js in there while
 * this process loads zod, the config and the pipeline). One slot per process: the first fork with the same launch
 * takes it; any other launch (PARSE_MAX_MEMORY_MB set) ends it unused.
 */
let early: { key: string; proc: ChildProcess } | undefined;

const keyOf = (launch: Launch) => JSON.stringify(launch);

export function prestartWorker(launch: Launch): ChildProcess {
  if (early) return early.proc;
  const proc = spawnChild(launch);
  // Until a pool takes it, it must not keep a run that fails before then (a bad option) alive.
  holdChild(proc, false);
  proc.on('error', () => {});
  early = { key: keyOf(launch), proc };
  return proc;
}

export function forkWorker(launch: Launch): ChildProcess {
  const taken = early;
  early = undefined;
  if (taken && taken.key === keyOf(launch) && taken.proc.connected && taken.proc.exitCode === null && taken.proc.signalCode === null) {
    holdChild(taken.proc, true);
    return taken.proc;
  }
  if (taken) taken.proc.kill('SIGKILL');
  return spawnChild(launch);
}

/** The process, its IPC channel and its stderr pipe each keep the event loop alive, or not (an idle child must not). */
export function holdChild(proc: ChildProcess, keep: boolean): void {
  const handles = [proc, proc.channel, proc.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null];
  for (const h of handles) {
    if (keep) h?.ref?.();
    else h?.unref?.();
  }
}

function spawnChild(launch: Launch): ChildProcess {
  workerPath ??= workerEntry();
  const options = { env: childEnv(), serialization: 'advanced' as const, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] as StdioOptions };
  const snapshot = parserSnapshot(launch.execArgv);
  // From the snapshot, pdf.js is already loaded; the worker's path tells the child where packages resolve from.
  if (snapshot) return spawn(process.execPath, [...snapshot.nodeArgs, '--snapshot-blob', snapshot.blob, launch.setup, workerPath], options);
  return fork(workerPath, [launch.setup], { ...options, execArgv: launch.execArgv });
}
