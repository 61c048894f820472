/** TextExtractor on pdf-parse, run in worker threads with a hard timeout and a memory cap. */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PaperError } from '../core/errors.ts';
import type { ExtractLimits, TextExtractor } from '../core/ports.ts';
import type { ExtractedPdf } from '../core/types.ts';

export interface PdfExtractorOptions {
  timeoutMs: number;
  maxMemoryMb: number;
  /** Workers kept alive for reuse; extra jobs wait. */
  poolSize: number;
}

export const PDF_EXTRACTOR_DEFAULTS = { timeoutMs: 60_000, maxMemoryMb: 1024, poolSize: 2 } satisfies PdfExtractorOptions;

/** CMaps are required for CJK text; pdf.js wants filesystem paths with a trailing slash here. */
export function pdfjsAssetPaths(): { cMapUrl: string; standardFontDataUrl: string } {
  const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
  const root = path.dirname(fromPdfParse.resolve('pdfjs-dist/package.json'));
  return { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
}

type WorkerReply =
  | { id: number; ok: true; result: ExtractedPdf }
  | { id: number; ok: false; error: { name: string; message: string } };

/** pdf.js exception names → our codes. */
function translate(error: { name: string; message: string }): PaperError {
  if (error.name === 'PasswordException') return new PaperError('encrypted');
  if (error.name === 'InvalidPDFException') return new PaperError('not_pdf', { reason: 'damaged' });
  return new PaperError('not_pdf', { reason: 'damaged', detail: error.message.slice(0, 200) });
}

export function createPdfExtractor(options: Partial<PdfExtractorOptions> = {}): TextExtractor {
  const opts = { ...PDF_EXTRACTOR_DEFAULTS, ...options };
  const assets = pdfjsAssetPaths();
  const idle: Worker[] = [];
  const waiting: Array<() => void> = [];
  let live = 0;
  let nextId = 1;
  let closed = false;

  const spawn = () =>
    new Worker(new URL('./pdf-worker.mjs', import.meta.url), {
      workerData: assets,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });

  async function acquire(): Promise<Worker> {
    for (;;) {
      const w = idle.pop();
      if (w) return w;
      if (live < opts.poolSize) {
        live++;
        return spawn();
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(worker: Worker | null): void {
    if (worker && !closed) idle.push(worker);
    else live--;
    waiting.shift()?.();
  }

  /** Rejects with { healthy } telling whether the worker may be reused. */
  function run(worker: Worker, bytes: Uint8Array, maxPages: number): Promise<ExtractedPdf> {
    const id = nextId++;
    return new Promise<ExtractedPdf>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.ok) resolve(reply.result);
        else reject(Object.assign(translate(reply.error), { workerHealthy: true }));
      };
      const onError = (err: Error & { code?: string }) => {
        cleanup();
        const outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        reject(new PaperError('not_pdf', { reason: outOfMemory ? 'too_complex' : 'damaged' }, { cause: err }));
      };
      const onExit = () => {
        cleanup();
        reject(new PaperError('not_pdf', { reason: 'damaged' }));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PaperError('timeout', { stage: 'reading the PDF', seconds: Math.round(opts.timeoutMs / 1000) }));
      }, opts.timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, bytes, maxPages });
    });
  }

  return {
    async extract(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedPdf> {
      if (closed) throw new Error('extractor is closed');
      const worker = await acquire();
      try {
        const result = await run(worker, bytes, limits.maxPages);
        release(worker);
        return result;
      } catch (err) {
        if ((err as { workerHealthy?: boolean }).workerHealthy) {
          release(worker);
        } else {
          // A worker that timed out, crashed or ran out of memory is not trusted again.
          await worker.terminate().catch(() => 0);
          release(null);
        }
        throw err;
      }
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all(idle.splice(0).map((w) => w.terminate()));
    },
  };
}
