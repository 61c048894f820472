// Modules the start-up snapshot loads that ship no types of their own (both come with pdf-parse).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  /** What pdf.js's fake worker takes from globalThis.pdfjsWorker instead of importing this file. */
  export const WorkerMessageHandler: unknown;
}
declare module '@napi-rs/canvas/geometry.js' {
  /** The canvas package's DOMMatrix, plain JavaScript (the package's native part cannot go in a snapshot). */
  export class DOMMatrix {
    constructor(init?: string | number[]);
  }
}
