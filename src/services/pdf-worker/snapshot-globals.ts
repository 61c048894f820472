// What pdf.js needs from the environment while the start-up snapshot is built (imported by snapshot.ts before pdf.js),
// and what the child gets back once it starts from the snapshot.
import { DOMMatrix } from '@napi-rs/canvas/geometry.js';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { MessageChannel, MessagePort } from 'node:worker_threads';

const g = globalThis as Record<string, unknown>;

// pdf.js makes a DOMMatrix as it loads. Its own polyfill requires the canvas package, whose native part cannot be
// in a snapshot; the package's DOMMatrix is plain JavaScript, so that one is bundled.
g.DOMMatrix ??= DOMMatrix;

/**
 * core-js (in pdf.js's legacy build) makes a MessageChannel as it loads, to detach buffers; an open MessagePort in the
 * heap leaves a snapshot that crashes node as it starts. Channels made now are stand-ins that open a real channel on
 * first use and close it again before the snapshot is taken, so the child opens a fresh one if it ever needs it.
 */
const RealChannel = globalThis.MessageChannel;
const made: SnapshotSafeChannel[] = [];
class SnapshotSafeChannel {
  #channel: MessageChannel | undefined;
  constructor() {
    made.push(this);
  }
  #real(): MessageChannel {
    return (this.#channel ??= new RealChannel());
  }
  get port1(): MessagePort {
    return this.#real().port1;
  }
  get port2(): MessagePort {
    return this.#real().port2;
  }
  close(): void {
    this.#channel?.port1.close();
    this.#channel?.port2.close();
    this.#channel = undefined;
  }
}
g.MessageChannel = SnapshotSafeChannel;

/** After pdf.js has loaded, before the snapshot is taken. */
export function closeBuildChannels(): void {
  g.MessageChannel = RealChannel;
  for (const c of made) c.close();
}

/** Where the bundle's `import.meta.url` points (set by the build's esbuild `define`), and its `require` for packages. */
export interface SnapshotRuntime {
  pdfjsUrl?: string;
  require?: NodeJS.Require;
}
export const runtime: SnapshotRuntime = {};
g.__paperbotSnapshot = runtime;

/**
 * In the started child: packages load through a real require from paperbot's own folder (the snapshot's require knows
 * only node's built-in modules), pdf.js finds the canvas package from its own file, and the canvas classes pdf.js's
 * loading would have set (rendering for OCR needs them) load on first use, so a text-layer job never loads the canvas.
 */
export function attachRuntime(moduleFile: string): void {
  const require = createRequire(moduleFile);
  const pdfjsFile = createRequire(require.resolve('pdf-parse')).resolve('pdfjs-dist/legacy/build/pdf.mjs');
  const fromPdfjs = createRequire(pdfjsFile);
  runtime.require = require;
  runtime.pdfjsUrl = pathToFileURL(pdfjsFile).href;
  for (const name of ['ImageData', 'Path2D'] as const) {
    if (name in globalThis) continue;
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const value = (fromPdfjs('@napi-rs/canvas') as Record<string, unknown>)[name];
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
        return value;
      },
    });
  }
}
