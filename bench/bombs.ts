/**
 * npm run bench:bombs [-- --inflated-mb 1024]: every decompression-bomb spelling of test/fixtures/hostile-pdfs.ts
 * through the real pipeline (extractive engine, memory cache), printing for each file its size, the answer, the
 * time to answer and the peak resident memory of the process tree: this process, its parser children, and the two
 * together at the same instant. The limits are the configuration's (PARSE_MAX_MEMORY_MB, PARSE_TIMEOUT_S; set them
 * in the environment to compare). Linux only (/proc). A benchmark: it prints figures and asserts nothing.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { describeError } from '../src/core/error-messages.ts';
import { isPaperError } from '../src/core/errors.ts';
import { createDiscardingRegistry } from '../src/core/metrics/metrics-registry.ts';
import { createPipeline } from '../src/services/create-pipeline.ts';
import * as hostile from '../test/fixtures/hostile-pdfs.ts';

if (!existsSync('/proc/self/status')) {
  console.error('bench:bombs reads /proc and runs on Linux only');
  process.exit(2);
}
const { values } = parseArgs({ options: { 'inflated-mb': { type: 'string', default: '1024' } } });
const inflatedMb = Number(values['inflated-mb']);

/**
 * Samples from a thread of its own, so the figures do not depend on this thread's event loop: every 5 ms the
 * resident memory of this process and of its children that run the parser (found by their command line).
 */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
const rss = (pid) => { try { const s = readFileSync('/proc/' + pid + '/status', 'latin1'); const m = /VmRSS:\\s*(\\d+)/.exec(s); return m ? Number(m[1]) * 1024 : 0; } catch { return 0; } };
let kids = [];
const findKids = () => {
  kids = [];
  for (const d of readdirSync('/proc')) {
    if (d < '0' || d > '9') continue;
    try {
      const stat = readFileSync('/proc/' + d + '/stat', 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === workerData.pid && readFileSync('/proc/' + d + '/cmdline', 'latin1').includes('pdf-worker')) kids.push(Number(d));
    } catch {}
  }
};
let peak = { parent: 0, children: 0, tree: 0 };
let n = 0;
setInterval(() => {
  if (n++ % 10 === 0) findKids();
  const parent = rss(workerData.pid);
  const children = kids.reduce((a, p) => a + rss(p), 0);
  peak = { parent: Math.max(peak.parent, parent), children: Math.max(peak.children, children), tree: Math.max(peak.tree, parent + children) };
}, 5);
parentPort.on('message', () => { parentPort.postMessage(peak); peak = { parent: 0, children: 0, tree: 0 }; });
`;
const sampler = new Worker(SAMPLER, { eval: true, workerData: { pid: process.pid } });
type Peak = { parent: number; children: number; tree: number };
const takePeak = () => new Promise<Peak>((resolve) => {
  sampler.once('message', resolve);
  sampler.postMessage('peak');
});

const config = loadConfig({ ...process.env, MAX_PAGES: process.env.MAX_PAGES ?? '20' });
const pipeline = createPipeline(config, { registry: createDiscardingRegistry(), cacheUrl: 'memory:' });

const files: Array<{ name: string; make: () => Uint8Array | Promise<Uint8Array> }> = [
  { name: 'normal paper (baseline)', make: () => hostile.samplePaper() },
  { name: 'double-deflated (inflate guard)', make: () => hostile.decompressionBombPdf(inflatedMb) },
  ...Object.entries(hostile.BOMB_SPELLINGS).map(([name, make]) => ({ name, make: () => make(inflatedMb) })),
];

const MiB = 2 ** 20;
const rows: string[][] = [['file', 'size', 'answer', 'time', 'peak parent', 'peak parser', 'peak tree']];
console.error(`PARSE_MAX_MEMORY_MB=${config.PARSE_MAX_MEMORY_MB}, PARSE_TIMEOUT_S=${config.PARSE_TIMEOUT_S}, bombs of ${inflatedMb} MiB`);
pipeline.extractor.warm?.();
for (const { name, make } of files) {
  const bytes = await make();
  await new Promise((r) => setTimeout(r, 200)); // let the pool settle after the last answer
  await takePeak(); // start a fresh window
  const started = performance.now();
  const answer = await pipeline.summarizer.summarize({ bytes, fileName: 'bomb.pdf', language: 'en', engine: 'extractive', bypassCache: true }).then(
    () => 'summary',
    (err: unknown) => (isPaperError(err) ? `${err.code}${err.data.stoppedBy ? ` (${String(err.data.stoppedBy)})` : err.data.reason ? ` (${String(err.data.reason)})` : ''}` : describeError(err).code),
  );
  const ms = performance.now() - started;
  const peak = await takePeak();
  const size = bytes.length >= MiB ? `${(bytes.length / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes.length / 1024)} KiB`;
  rows.push([name, size, answer, `${(ms / 1000).toFixed(1)} s`, ...[peak.parent, peak.children, peak.tree].map((b) => `${Math.round(b / MiB)} MiB`)]);
  console.error(`  ${name}: ${answer}`);
}
await pipeline.close();
await sampler.terminate();

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(rows.map((r) => r.map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n'));
