/**
 * What the flood test and `npm run bench:flood` share: distinct generated papers, the model that answers after a
 * delay while counting how many requests it holds at once (in all and per user), and the process's own gauges
 * (event-loop delay with perf_hooks, peak RSS).
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { makePaperPdf } from '../fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../fixtures/sample-paper-spec.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply, paperBlock } from '../helpers/model-replies.ts';

/** `n` different papers (different titles, so no two share a cache entry), made in parallel batches. */
export async function distinctPapers(n: number, title = (i: number) => `Flood Paper ${i}: Scheduling Many Summaries Fairly Under Load`): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) => makePaperPdf({ ...samplePaperSpec, title: title(i + k), arxivId: undefined }));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

export interface SlowModel {
  fake: FakeOpenAi;
  /** Most requests held at once by one user (from `userOf` the paper text). */
  maxPerUser(): number;
}

/** A well-behaved model that takes `delayMs` per answer; `userOf` maps a request's paper text to who asked. */
export async function startSlowModel(delayMs: number, userOf: (paper: string) => string | undefined): Promise<SlowModel> {
  const fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  const perUser = new Map<string, number>();
  let maxPerUser = 0;
  fake.gate = async (req) => {
    const user = userOf(paperBlock(req)) ?? '?';
    perUser.set(user, (perUser.get(user) ?? 0) + 1);
    maxPerUser = Math.max(maxPerUser, perUser.get(user)!);
    await new Promise((r) => setTimeout(r, delayMs));
    perUser.set(user, perUser.get(user)! - 1);
  };
  return { fake, maxPerUser: () => maxPerUser };
}

export interface Gauges {
  /** Largest event-loop delay seen, ms (perf_hooks.monitorEventLoopDelay). */
  maxLoopDelayMs(): number;
  /**
   * Largest event-loop delay during which the main thread was actually on the CPU, ms: the stall this process caused
   * itself, without the time the OS gave the CPU to other processes (tests run in parallel on a small machine).
   * Linux only (main-thread CPU time from /proc); elsewhere the same as maxLoopDelayMs.
   */
  maxOwnStallMs(): number;
  /** Peak resident set size of this process so far, MiB. */
  peakRssMiB(): number;
  stop(): void;
}

export function startGauges(): Gauges {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const stalls = ownStallProbe();
  return {
    maxLoopDelayMs: () => loop.max / 1e6,
    maxOwnStallMs: () => stalls?.max() ?? loop.max / 1e6,
    // maxRSS (KiB) covers spikes between samples; the samples cover platforms where it is not reported.
    peakRssMiB: () => Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    stop() {
      loop.disable();
      clearInterval(timer);
      stalls?.stop();
    },
  };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Main-thread CPU time in ms (utime + stime of the thread whose id is the pid), or null when /proc is not there. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Every 10 ms: how late the timer fired, capped by the main thread's CPU time in that gap (plus one tick). */
function ownStallProbe(): { max(): number; stop(): void } | null {
  let lastCpu = mainThreadCpuMs();
  if (lastCpu === null) return null;
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs() ?? lastCpu!;
    max = Math.max(max, Math.min(now - last - 10, cpu - lastCpu! + TICK_MS));
    last = now;
    lastCpu = cpu;
  }, 10);
  return { max: () => max, stop: () => clearInterval(timer) };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
