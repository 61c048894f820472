/**
 * TextExtractor on pdf-parse, run in child processes with a hard timeout and memory limits.
 * Child processes, not worker threads: a worker that reaches its heap limit can abort the whole process
 * (nodejs/node#47224; seen here with a fuzzed paper), while a child that runs out of memory only ends itself,
 * and a child's resident memory can be watched and the child killed from outside.
 */
import { PaperError } from '../core/errors.ts';
import type { ExtractLimits, OcrRequest, TextExtractor } from '../core/ports.ts';
import type { ExtractedPdf, OcrOutcome } from '../core/types.ts';
import { createJobRunner, take, type Child, type Claim } from './pdf-job.ts';
import { residentBytes } from './process-memory.ts';
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

export { pdfjsAssetPaths } from './pdfjs-assets.ts';

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
  let closed = false;
  const run = createJobRunner({ limitBytes, heapMb, ...(opts.onJobSent && { onJobSent: opts.onJobSent }) });
  const readTimeout = { ms: opts.timeoutMs, stage: 'reading the PDF' };
  /** Extract jobs sent ahead (prefetch), each taken by the extract call for its bytes and page limit. */
  const prefetched: Array<{ bytes: Buffer; maxPages: number; result: Promise<ExtractedPdf>; claim: Claim }> = [];

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
    onChild((child) => run<ExtractedPdf>(child, { kind: 'extract', bytes, maxPages: limits.maxPages }, { timeout: readTimeout, ...(claim && { claim }) }));
  const aheadFor = (bytes: Uint8Array, limits: ExtractLimits) => prefetched.findIndex((p) => p.maxPages === limits.maxPages && p.bytes.equals(bytes));

  return {
    warm,
    prefetch(bytes: Uint8Array, limits: ExtractLimits) {
      // Already on its way: not sent twice.
      if (closed || aheadFor(bytes, limits) !== -1) return;
      const claim: Claim = { taken: false };
      const result = extractJob(bytes, limits, claim);
      result.catch(() => {}); // answered to the extract call that takes it, if one does
      prefetched.push({ bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxPages: limits.maxPages, result, claim });
    },
    extract(bytes: Uint8Array, limits: ExtractLimits) {
      const i = aheadFor(bytes, limits);
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
            run<OcrOutcome>(child, { kind: 'ocr', bytes, langs: ocrLangs, languageData: ocrData, ...request }, {
              // The child starts no page past the budget; this is for a page that never ends.
              timeout: { ms: request.budgetMs + ocrGraceMs(request.budgetMs), stage: 'recognizing the scanned pages' },
              onEvent: (e) => ('progress' in e ? onPage?.(e.progress.page, e.progress.index) : done.push(e.recognized)),
            }),
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
