/**
 * One job on a parser child, with its limits: the time limit, the resident-memory watch, the child's exit read as a
 * crash or as memory, and the child's failures in our codes. pdf-extractor.ts keeps the pool around it.
 */
import type { ChildProcess } from 'node:child_process';
import { PaperError } from '../core/errors.ts';
import type { WorkerJob, WorkerReply } from './pdf-worker/jobs.ts';
import { holdChild } from './pdf-worker-launch.ts';
import { watchResidentMemory } from './process-memory.ts';

/** A pooled child with the end of its stderr, which tells an out-of-memory death from a crash. */
export interface Child {
  proc: ChildProcess;
  stderrTail: string;
}

/** A job sent ahead: not taken, it keeps the caller alive by nothing; taken (before or after it reached a child), it does. */
export interface Claim {
  taken: boolean;
  /** Set by run() once the job is on a child. */
  onTake?: () => void;
}

export function take(claim: Claim): void {
  claim.taken = true;
  claim.onTake?.();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type JobWork = DistributiveOmit<WorkerJob, 'id'>;
export type OcrEvent = Extract<WorkerReply, { progress: unknown } | { recognized: unknown }>;

export interface JobOptions {
  timeout: { ms: number; stage: string };
  /** Hears what an OCR job tells along the way (a page started, a page done). */
  onEvent?: (e: OcrEvent) => void;
  /** A job sent ahead, until someone asks for it. */
  claim?: Claim;
}

export interface JobRunnerDeps {
  /** The resident-memory limit, bytes. */
  limitBytes: number;
  /** The child's heap cap, MB. */
  heapMb: number;
  /** Called when a job's bytes are all written to its child. */
  onJobSent?: () => void;
}

/** How often a busy child's resident memory is read: pdf.js fills a few hundred MB per second at most. */
const MEMORY_POLL_MS = 25;

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

/** run(child, work, options): the job's result; rejects with { workerHealthy } telling whether the child may be reused. */
export function createJobRunner(deps: JobRunnerDeps) {
  const { limitBytes, heapMb } = deps;
  let nextId = 1;

  return function run<T>(child: Child, work: JobWork, options: JobOptions): Promise<T> {
    const { timeout, onEvent, claim } = options;
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
          holdChild(proc, true);
          timer.ref();
        };
      }
      holdChild(proc, held);
      proc.send({ ...work, id } as WorkerJob, (err) => {
        if (err) onExit(null, null);
        else deps.onJobSent?.();
      });
    });
  };
}
