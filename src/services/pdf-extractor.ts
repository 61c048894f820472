/**
 * TextExtractor on pdf-parse, run in child processes with a hard timeout and memory limits.
 * Child processes, not worker threads: a worker that reaches its heap limit can abort the whole process
 * (nodejs/node#47224; seen here with a fuzzed paper), while a child that runs out of memory only ends itself,
 * and a child's resident memory can be watched and the child killed from outside.
 */
import type { ChildProcess } from 'node:child_process';
import { PaperError } from '../core/errors.ts';
import type { ExtractLimits, OcrRequest, TextExtractor } from '../core/ports.ts';
import type { ExtractedPdf, OcrOutcome } from '../core/types.ts';
import type { WorkerJob, WorkerReply } from './pdf-worker/jobs.ts';
import { residentBytes, watchResidentMemory } from './process-memory.ts';
import { languageData } from './ocr-languages.ts';
import { forkWorker, holdChild, workerLaunch } from './pdf-worker-launch.ts';

export interface PdfExtractorOptions {
  timeoutMs: number;
  /**
   * Resident memory (RSS) a child may reach while reading (PARSE_MAX_MEMORY_MB): polled from outside, since
   * pdf.js decodes streams synchronously into buffers outside the V8 heap. Past it the child is killed and
   * the paper is too_large. Only where /proc exists (Linux); elsewhere the heap cap and the inflate guard remain.
   */
  maxResidentMb: number;
  /**
   * The child's V8 heap cap (--max-old-space-size); by default the resident limit, which it can never pass
   * unnoticed where /proc exists (the heap is part of resident memory) and which bounds the heap where it does not.
   */
  maxMemoryMb?: number;
  /** Child processes kept alive for reuse; extra jobs wait. */
  poolSize: number;
  /** OCR languages (OCR_LANGS), tesseract codes in order; none = no OCR. */
  ocrLangs?: string[];
  /**
   * Called when a job's bytes are all written to its child. A large PDF takes several writes, each done by this
   * process's event loop: work that blocks the loop before then holds the child up.
   */
  onJobSent?: () => void;
}

export const PDF_EXTRACTOR_DEFAULTS = { timeoutMs: 60_000, maxResidentMb: 512, poolSize: 2 } satisfies PdfExtractorOptions;

/** How often a busy child's resident memory is read: pdf.js fills a few hundred MB per second at most. */
const MEMORY_POLL_MS = 25;
/**
 * A child that stays this large after a job is replaced rather than reused: memory it kept from earlier
 * papers would otherwise count against the next one.
 */
const RECYCLE_SHARE = 0.5;
/**
 * Time past the OCR budget for the page in progress (a dense Chinese page read twice takes ~30 s): half the budget,
 * within 5–45 s, so a page that never finishes rendering is stopped soon after the budget too.
 */
const ocrGraceMs = (budgetMs: number) => Math.min(45_000, Math.max(5_000, budgetMs / 2));

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type OcrEvent = Extract<WorkerReply, { progress: unknown } | { recognized: unknown }>;

export { pdfjsAssetPaths } from './pdfjs-assets.ts';

/**
 * Worker-side failures → our codes. pdf.js throws PasswordException for a user password; everything
 * else it throws (InvalidPDFException, FormatError, UnexpectedResponseException, a RangeError from
 * absurd nesting, …) means the bytes cannot be read as a PDF. The message is kept for logs only.
 */
function translate(error: { name: string; message: string }, limitBytes: number): PaperError {
  if (error.name === 'PasswordException') return new PaperError('encrypted');
  if (error.name === 'DecompressionBomb') return new PaperError('too_large', { reason: 'memory', stoppedBy: 'inflate_guard', limitBytes });
  return new PaperError('not_pdf', { reason: 'damaged', detail: `${error.name}: ${error.message}`.slice(0, 200) });
}

/** A prefetched job: not taken, it keeps the caller alive by nothing; taken (before or after it reached a child), it does. */
interface Claim {
  taken: boolean;
  /** Set by run() once the job is on a child. */
  onTake?: () => void;
}

function take(claim: Claim): void {
  claim.taken = true;
  claim.onTake?.();
}

/** A pooled child with the end of its stderr, which tells an out-of-memory death from a crash. */
interface Child {
  proc: ChildProcess;
  stderrTail: string;
}

export function createPdfExtractor(options: Partial<PdfExtractorOptions> = {}): TextExtractor {
  const opts = { ...PDF_EXTRACTOR_DEFAULTS, ...options };
  const heapMb = opts.maxMemoryMb ?? opts.maxResidentMb;
  const limitBytes = opts.maxResidentMb * 2 ** 20;
  const ocrLangs = opts.ocrLangs ?? [];
  // Checked here, at start-up: a language without data is a configuration error, not a failed paper.
  const ocrData = languageData(ocrLangs);
  const launch = workerLaunch(opts);
  const idle: Child[] = [];
  const waiting: Array<() => void> = [];
  let live = 0;
  let nextId = 1;
  let closed = false;

  function spawn(): Child {
    const proc = forkWorker(launch);
    const child: Child = { proc, stderrTail: '' };
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (s: string) => (child.stderrTail = (child.stderrTail + s).slice(-4096)));
    proc.on('error', () => {}); // spawn or IPC failures surface as 'exit' during a job
    proc.once('exit', () => {
      const i = idle.indexOf(child);
      if (i === -1) return; // it was on a job; that job's failure path replaces it
      idle.splice(i, 1);
      live--;
      waiting.shift()?.();
    });
    return child;
  }

  /** Idle children must not keep a finished CLI run alive; busy ones must. */
  function hold(child: Child, busy: boolean): void {
    holdChild(child.proc, busy);
  }

  /** One idle child, loading pdf.js while the caller does its own start-up. */
  function warm(): void {
    if (closed || idle.length > 0 || live >= opts.poolSize) return;
    live++;
    const child = spawn();
    hold(child, false);
    idle.push(child);
  }

  async function acquire(): Promise<Child> {
    for (;;) {
      const c = idle.pop();
      if (c) return c;
      if (live < opts.poolSize) {
        live++;
        return spawn();
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(child: Child | null): void {
    if (child && !closed) {
      hold(child, false);
      idle.push(child);
    } else {
      live--;
      if (child) void kill(child);
    }
    waiting.shift()?.();
  }

  /** Rejects with { workerHealthy } telling whether the child may be reused. */
  /** Runs one job; onEvent hears what an OCR job tells along the way (a page started, a page done). */
  function run<T>(child: Child, job: DistributiveOmit<WorkerJob, 'id'>, timeout: { ms: number; stage: string }, onEvent?: (e: OcrEvent) => void, claim?: Claim): Promise<T> {
    const id = nextId++;
    const { proc } = child;
    return new Promise<T>((resolve, reject) => {
      /** Set when the memory watch killed the child: its exit is then a bomb, not a crash. */
      let overBytes: number | null = null;
      const cleanup = () => {
        clearTimeout(timer);
        memory.stop();
        proc.off('message', onMessage);
        proc.off('close', onExit);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if ('progress' in reply || 'recognized' in reply) {
          onEvent?.(reply);
          return;
        }
        cleanup();
        // The job's kind decides the result's type: extract → ExtractedPdf, ocr → OcrOutcome.
        if (reply.ok) resolve(reply.result as T);
        else reject(Object.assign(translate(reply.error, limitBytes), { workerHealthy: true }));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        if (overBytes !== null) {
          reject(new PaperError('too_large', { reason: 'memory', stoppedBy: 'resident_memory', limitBytes, residentBytes: overBytes }));
          return;
        }
        // The heap cap ends the child by itself (V8 prints why): the same answer, the memory it needed was too much.
        if (/heap out of memory|Allocation failed/i.test(child.stderrTail)) {
          reject(new PaperError('too_large', { reason: 'memory', stoppedBy: 'heap_limit', limitBytes: heapMb * 2 ** 20 }));
          return;
        }
        reject(new PaperError('not_pdf', { reason: 'damaged', exit: signal ?? code }));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PaperError('timeout', { stage: timeout.stage, seconds: Math.round(timeout.ms / 1000) }));
      }, timeout.ms);
      // Polled only while the child is on this job; an idle child does not grow.
      const memory = watchResidentMemory(proc.pid ?? -1, {
        limitBytes,
        intervalMs: MEMORY_POLL_MS,
        onOver: (bytes) => {
          overBytes = bytes;
          proc.kill('SIGKILL'); // its 'close' answers the job
        },
      });
      proc.on('message', onMessage);
      // 'close' comes after stderr is drained, so an out-of-memory message is already in the tail.
      proc.once('close', onExit);
      const held = !claim || claim.taken;
      if (!held) {
        // Not asked for yet: neither the child nor the time limit keeps the caller alive until it is.
        timer.unref();
        claim.onTake = () => {
          hold(child, true);
          timer.ref();
        };
      }
      hold(child, held);
      proc.send({ ...job, id } as WorkerJob, (err) => {
        if (err) onExit(null, null);
        else opts.onJobSent?.();
      });
    });
  }

  /** Runs a job on a pooled child: back to the pool after, unless it kept too much memory or cannot be trusted. */
  async function onChild<T>(job: (child: Child) => Promise<T>): Promise<T> {
    if (closed) throw new Error('extractor is closed');
    const child = await acquire();
    /** Back to the pool, unless it kept so much memory that the next paper would start with less than its share. */
    const done = (c: Child) => {
      const kept = c.proc.pid === undefined ? null : residentBytes(c.proc.pid);
      if (kept !== null && kept > limitBytes * RECYCLE_SHARE) {
        void kill(c);
        release(null);
      } else {
        release(c);
      }
    };
    try {
      const result = await job(child);
      done(child);
      return result;
    } catch (err) {
      if ((err as { workerHealthy?: boolean }).workerHealthy) {
        done(child);
      } else {
        // A child that timed out, crashed or ran out of memory (killed for it or not) is not trusted again.
        void kill(child);
        release(null);
      }
      throw err;
    }
  }

  const extractJob = (bytes: Uint8Array, limits: ExtractLimits, claim?: Claim) =>
    onChild((child) => run<ExtractedPdf>(child, { kind: 'extract', bytes, maxPages: limits.maxPages }, { ms: opts.timeoutMs, stage: 'reading the PDF' }, undefined, claim));
  const prefetched: Array<{ bytes: Buffer; maxPages: number; result: Promise<ExtractedPdf>; claim: Claim }> = [];

  return {
    warm,
    prefetch(bytes: Uint8Array, limits: ExtractLimits) {
      if (closed) return;
      const claim: Claim = { taken: false };
      const result = extractJob(bytes, limits, claim);
      result.catch(() => {}); // answered to the extract call that takes it, if one does
      prefetched.push({ bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxPages: limits.maxPages, result, claim });
    },
    extract(bytes: Uint8Array, limits: ExtractLimits) {
      const i = prefetched.findIndex((p) => p.maxPages === limits.maxPages && p.bytes.equals(bytes));
      if (i === -1) return extractJob(bytes, limits);
      const [taken] = prefetched.splice(i, 1);
      take(taken!.claim);
      return taken!.result;
    },
    ...(ocrLangs.length > 0 && {
      async recognize(bytes: Uint8Array, request: OcrRequest, onPage?: (page: number, index: number) => void): Promise<OcrOutcome> {
        const done: OcrOutcome['pages'] = [];
        try {
          return await onChild((child) =>
            run<OcrOutcome>(
              child,
              { kind: 'ocr', bytes, langs: ocrLangs, languageData: ocrData, ...request },
              // The child starts no page past the budget; this is for a page that never ends.
              { ms: request.budgetMs + ocrGraceMs(request.budgetMs), stage: 'recognizing the scanned pages' },
              (e) => ('progress' in e ? onPage?.(e.progress.page, e.progress.index) : done.push(e.recognized)),
            ),
          );
        } catch (err) {
          // Stopped at the memory or time limit after some pages: those pages are kept (the child is not).
          const stoppedBy = !(err instanceof PaperError) ? null : err.code === 'too_large' ? 'memory' : err.code === 'timeout' ? 'time' : null;
          if (!stoppedBy || done.length === 0) throw err;
          const read = new Set(done.map((p) => p.num));
          return { pages: done, skipped: request.pages.filter((n) => !read.has(n)), stoppedBy };
        }
      },
    }),
    async close(): Promise<void> {
      closed = true;
      // Idle children are already let go of (unref'd): SIGKILL cannot be caught, and waiting for the kernel to reap
      // them (~10 ms) would only hold up the exit of a command line. Busy ones end with their job.
      for (const child of idle.splice(0)) child.proc.kill('SIGKILL');
    },
  };
}

/** SIGKILL: a child stuck in a parse loop or in GC does not get to finish anything. Resolves once it is gone. */
function kill(child: Child): Promise<void> {
  const { proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.ref(); // an idle child is unref'd; waiting for its exit must keep the caller alive
    proc.kill('SIGKILL');
  });
}
