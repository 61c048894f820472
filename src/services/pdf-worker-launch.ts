/** How a parser child is started: its setup (asset paths, inflate limits, OCR data) and node flags. */
import { fork, type ChildProcess } from 'node:child_process';
import type { WorkerSetup } from './pdf-worker/worker.ts';
import { childEnv, workerEntry } from './pdf-worker-entry.ts';
import { languageData } from './ocr-languages.ts';
import { pdfjsAssetPaths } from './pdfjs-assets.ts';

export interface Launch {
  setup: string;
  execArgv: string[];
}

export interface LaunchOptions {
  maxResidentMb: number;
  maxMemoryMb?: number;
  ocrLangs?: string[];
}

export function workerLaunch(opts: LaunchOptions): Launch {
  const heapMb = opts.maxMemoryMb ?? opts.maxResidentMb;
  const limitBytes = opts.maxResidentMb * 2 ** 20;
  // The fast path for zlib bombs (pdf-worker/inflate-guard.ts): refused before pdf.js starts when one stream would
  // inflate past the whole resident limit, or all of them together past twice it (pdf.js frees streams page by page,
  // so the total is a heuristic kept loose: flate-compressed scans are large and are never decoded for their text).
  const inflateLimits = { perStreamBytes: limitBytes, totalBytes: 2 * limitBytes };
  const ocr = { languageData: languageData(opts.ocrLangs ?? []), maxResidentMb: opts.maxResidentMb };
  return {
    setup: JSON.stringify({ ...pdfjsAssetPaths(), inflateLimits, ocr } satisfies WorkerSetup),
    // Plain node with only the heap cap: the parent's loaders and flags are not needed in there.
    // --expose-gc: OCR frees each page's canvas and decoded scan (native memory V8 does not see) right after it.
    execArgv: ['--expose-gc', `--max-old-space-size=${heapMb}`, `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(heapMb / 64)))}`],
  };
}

let workerPath: string | undefined;

export function forkWorker(launch: Launch): ChildProcess {
  workerPath ??= workerEntry();
  return fork(workerPath, [launch.setup], { execArgv: launch.execArgv, env: childEnv(), serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}
