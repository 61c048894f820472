// The parser child's start-up snapshot. The build (scripts/build-parser-snapshot.mjs) bundles this file and runs it
// under `node --build-snapshot`: pdf.js and its worker half are loaded into the heap then, so a child started from the
// snapshot (pdf-worker-launch.ts) has them ready instead of loading them (~100 ms per child, a third of a short paper).
import { closeBuildChannels, attachRuntime } from './snapshot-globals.ts';
import v8 from 'node:v8';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { serveJobs, type WorkerSetup } from './jobs.ts';

// pdf.js's fake worker takes its handler from here instead of importing the worker file (a snapshot cannot import).
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;
closeBuildChannels();

/** argv: the setup as JSON, then a file of paperbot's from which packages resolve (OCR loads tesseract.js and the canvas). */
v8.startupSnapshot.setDeserializeMainFunction(() => {
  const [setup, moduleFile] = process.argv.slice(1);
  if (setup === 'check-start') {
    // The build's check that the snapshot starts at all on this node.
    process.stdout.write('ok\n');
    return;
  }
  attachRuntime(moduleFile!);
  serveJobs(JSON.parse(setup ?? '{}') as WorkerSetup);
});
