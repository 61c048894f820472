/**
 * A child process's resident memory, read from outside: Linux's /proc/<pid>/status (VmRSS). The PDF parser is
 * bounded this way because pdf.js decodes streams synchronously into buffers outside the V8 heap, so neither a
 * heap cap nor a timer inside the child can stop it; where /proc does not exist, the readings are null.
 */
import { existsSync, readFileSync } from 'node:fs';

const procAvailable = existsSync('/proc/self/status');

/** Resident bytes of `pid`, or null when /proc is missing or the process is gone. */
export function residentBytes(pid: number): number | null {
  if (!procAvailable) return null;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return null;
  }
  const at = status.indexOf('VmRSS:');
  if (at === -1) return null; // a zombie has no memory lines
  const kb = Number.parseInt(status.slice(at + 6, status.indexOf('\n', at)).trim(), 10);
  return Number.isFinite(kb) ? kb * 1024 : null;
}

export interface MemoryWatch {
  /** Highest reading so far (0 before the first, or without /proc). */
  peakBytes(): number;
  stop(): void;
}

/**
 * Reads `pid`'s resident memory every `intervalMs` and calls `onOver` once with the reading that passed
 * `limitBytes`, then stops. Without /proc it does nothing. The timer does not keep the parent alive.
 */
export function watchResidentMemory(pid: number, opts: { limitBytes: number; intervalMs: number; onOver: (bytes: number) => void }): MemoryWatch {
  let peak = 0;
  const check = () => {
    const bytes = residentBytes(pid);
    if (bytes === null) return;
    peak = Math.max(peak, bytes);
    if (bytes > opts.limitBytes) {
      clearInterval(timer);
      opts.onOver(bytes);
    }
  };
  const timer = setInterval(check, opts.intervalMs);
  timer.unref();
  if (!procAvailable) clearInterval(timer);
  return { peakBytes: () => peak, stop: () => clearInterval(timer) };
}
