/**
 * `npm run bench:startup`: what starting paperbot costs, as a user or an operator meets it.
 * - `paperbot --help`: wall time (median of 15 runs) and peak RSS.
 * - `paperbot serve` idle: resident memory 3 s after it is up (Slack over HTTP against the local fake Slack).
 * - Five papers from ../shared/papers summarized with `--engine extractive` as whole processes, against a bare
 *   pdf-parse getText process on the same files: one process per paper (median of BENCH_RUNS interleaved runs per
 *   file, default 5; the ratio of the sums), and one process for all five (median of BENCH_RUNS interleaved runs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfjsAssetPaths } from '../src/services/pdf-extractor.ts';
import { startFakeSlack } from '../test/helpers/fake-slack.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { BIN, REPO_ROOT, cleanEnv, tempDir } from '../test/helpers/run-cli.ts';

/** Runs per measurement (BENCH_RUNS, default 5): medians of interleaved runs. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall ms and peak RSS (MiB) of one process, from GNU time. */
function timed(args: string[], env: NodeJS.ProcessEnv = cleanEnv({ CACHE_URL: 'memory:' })): { ms: number; rssMiB: number; ok: boolean; stderr: string } {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: tempDir('paperbot-bench-'), env, encoding: 'utf8' });
  const ms = performance.now() - started;
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms, rssMiB: kb / 1024, ok: r.status === 0, stderr: r.stderr };
}

function help(): void {
  const runs = Array.from({ length: 15 }, () => timed([BIN, '--help']));
  if (!runs.every((r) => r.ok)) throw new Error('paperbot --help failed');
  console.log(`paperbot --help: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms, peak RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB (15 runs)`);
}

async function serveIdle(): Promise<void> {
  const slack = await startFakeSlack();
  const port = await freePort();
  const env = cleanEnv({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: slack.apiUrl, PORT: String(port), CACHE_URL: `sqlite://${path.join(tempDir('paperbot-bench-'), 'c.sqlite')}`, LOG_FORMAT: 'json' });
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: tempDir('paperbot-bench-'), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const until = Date.now() + 30_000;
    while (!stderr.includes('listening on port')) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`serve did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const upMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    console.log(`paperbot serve (Slack, HTTP): up in ${upMs.toFixed(0)} ms, idle RSS ${(rssKb / 1024).toFixed(0)} MiB`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    await slack.close();
  }
}

function papers(): void {
  // Absolute: every process runs in a temporary working directory.
  const dir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '..', 'shared', 'papers'));
  // Five papers with a text layer that open without a password, in name order: what a user drops most often.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf') && !/scanned|encrypted/.test(f))
    .sort()
    .slice(0, 5);
  const assets = JSON.stringify(pdfjsAssetPaths());
  const baseline = path.join(REPO_ROOT, 'bench', 'get-text-process.mjs');
  let ours = 0;
  let bare = 0;
  for (const f of files) {
    const file = path.join(dir, f);
    // Interleaved (ours, bare, ours, bare, …): a slow spell of a shared machine then hits both sides alike.
    const a: ReturnType<typeof timed>[] = [];
    const b: ReturnType<typeof timed>[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(timed([BIN, 'summarize', '--engine', 'extractive', '--json', '--no-cache', file]));
      b.push(timed([baseline, file], { ...process.env, PDFJS_ASSETS: assets }));
    }
    const failed = [...a, ...b].find((r) => !r.ok);
    if (failed) throw new Error(`${f}: a run failed:\n${failed.stderr}`);
    const am = median(a.map((r) => r.ms));
    const bm = median(b.map((r) => r.ms));
    ours += am;
    bare += bm;
    console.log(`  ${f}: summarize ${am.toFixed(0)} ms (RSS ${median(a.map((r) => r.rssMiB)).toFixed(0)} MiB), bare getText ${bm.toFixed(0)} ms (RSS ${median(b.map((r) => r.rssMiB)).toFixed(0)} MiB)`);
  }
  console.log(`five papers, one process each: summarize --engine extractive ${(ours / 1000).toFixed(2)} s, bare pdf-parse getText ${(bare / 1000).toFixed(2)} s, ratio ${(ours / bare).toFixed(2)}×`);
  const paths = files.map((f) => path.join(dir, f));
  const all: ReturnType<typeof timed>[] = [];
  const allBare: ReturnType<typeof timed>[] = [];
  for (let i = 0; i < RUNS; i++) {
    all.push(timed([BIN, 'summarize', '--engine', 'extractive', '--json', '--no-cache', ...paths]));
    allBare.push(timed([baseline, ...paths], { ...process.env, PDFJS_ASSETS: assets }));
  }
  const a = median(all.map((r) => r.ms));
  const b = median(allBare.map((r) => r.ms));
  console.log(`five papers in one process: summarize --engine extractive ${(a / 1000).toFixed(2)} s, bare pdf-parse getText ${(b / 1000).toFixed(2)} s, ratio ${(a / b).toFixed(2)}×`);
}

help();
await serveIdle();
papers();
