/**
 * `npm run bench:load [-- --workers 1,2,4 --papers 40 --model-delay-ms 1000 --concurrency 2 --timeout-s 180 --trace]`
 *
 * Scaled mode under load, with real processes: for each worker count N in `--workers`, one `paperbot serve` (receiving
 * only) and N `paperbot worker` processes (`node bin/paperbot.js …`) on the local Redis (REDIS_URL, default
 * redis://127.0.0.1:6379; a key prefix of its own per run, deleted afterwards), a fresh fake Slack and a fake
 * OpenAI-compatible model that takes `--model-delay-ms` per answer. After a warm-up round (N × concurrency papers, so
 * every process has done its one-time start-up work), M distinct generated papers are shared at once as signed Slack
 * `message`/`file_share` events to the serve process. Prints, per N: throughput, p50/p95/max latency from the event
 * sent to the summary posted (the chat.update with blocks), duplicates (extra summaries in a paper's thread), lost
 * (no summary within the timeout), the most requests the model held at once, and the model requests made; to see
 * where the time goes, the median time a paper waited for a worker (sent → the worker's 👀 reaction), the worker's
 * own work before the model (download, parse, prompt) and after it (posting), and the CPU used: by the whole machine,
 * by the paperbot processes per paper, and by this process (the fakes). Redis: TEST_REDIS_URL or redis://127.0.0.1:6379.
 *
 * Each worker runs JOB_CONCURRENCY=`--concurrency` jobs at once; MODEL_CONCURRENCY (counted across processes in scaled
 * mode) and the per-user / per-channel limits are set well above N × concurrency (and every paper comes from its own
 * user and channel), so the workers' job slots are the limit: with a slow model, throughput should grow about linearly
 * with N, towards N × concurrency / model delay. Exits 1 when any run has duplicates or lost papers.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack } from '../test/helpers/fake-slack.ts';
import { freePort } from '../test/helpers/free-port.ts';
import { fileShareEvent, lastUpdateText, pdfFile } from '../test/helpers/slack-harness.ts';
import { paperBlock } from '../test/helpers/model-replies.ts';
import { distinctPapers, percentile, startSlowModel, type SlowModel } from '../test/hardening/flood-tools.ts';
import { deleteKeys, REDIS_URL, redisAvailable } from '../test/scale/redis-test-env.ts';
import { logMessages, scaledEnv } from '../test/scale/scaled-processes.ts';
import { busyPercent, cpuTimes, killAllOnExit, spawnPaperbot, stopProc, table, processCpuMs, uniquePrefix, watchSummaries, type Proc } from './load-tools.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2,4' },
    papers: { type: 'string', default: '40' },
    'model-delay-ms': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '2' },
    'timeout-s': { type: 'string', default: '180' },
    // Per paper, s after the first event was sent: sent, picked up (👀), model request, model answer, summary posted.
    trace: { type: 'boolean', default: false },
  },
});

function positive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench:load: --${name} must be a positive whole number (got "${v}")`);
    process.exit(2);
  }
  return n;
}
const workerCounts = values.workers.split(',').map((w) => positive('workers', w.trim()));
const m = positive('papers', values.papers);
const delayMs = positive('model-delay-ms', values['model-delay-ms']);
const concurrency = positive('concurrency', values.concurrency);
const timeoutMs = positive('timeout-s', values['timeout-s']) * 1000;

if (!redisAvailable) {
  console.error(`bench:load: no Redis answers at ${REDIS_URL} (start redis-server, or set TEST_REDIS_URL)`);
  process.exit(2);
}

const SECRET = 'load-bench-secret';
const log = (line: string) => process.stderr.write(`${line}\n`);
killAllOnExit();

interface RunResult {
  workers: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  max: number;
  duplicates: number;
  lost: number;
  rejected: number;
  maxInFlight: number;
  modelRequests: number;
  /** Medians, s: event sent → picked up by a worker (👀), picked up → model request, model answer → summary posted. */
  wait: number;
  preModel: number;
  postModel: number;
  /** Machine-wide CPU busy during the load, % of all cores (other work on the machine included). */
  cpu: number;
  /** CPU used during the load by the paperbot processes (serve, workers, their PDF extractor children), per paper, ms. */
  botCpuPerPaper: number;
  /** CPU this bench process (fake Slack, fake model, watcher) used during the load, % of one core. */
  benchCpu: number;
  /** Processes that did not exit 0 on SIGTERM, and warning/error lines they printed. */
  notes: string[];
}

const warmUpCount = Math.max(...workerCounts) * concurrency;
log(`making ${m} papers (+${warmUpCount} for warm-up)…`);
const papers = await distinctPapers(m, (i) => `Load Paper ${i}: Scaling Summaries Across Worker Processes`);
const warmPapers = await distinctPapers(warmUpCount, (i) => `Load Warm-Up Paper ${i}: Getting Every Process Ready`);

function env(slack: FakeSlack, model: SlowModel, prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  // Far above what the workers' job slots can use: the model and the per-user / per-channel limits never bind.
  const roomy = String(Math.max(64, 4 * Math.max(...workerCounts) * concurrency));
  return scaledEnv(
    { slackApiUrl: slack.apiUrl, signingSecret: SECRET, modelUrl: model.fake.baseURL, prefix },
    {
      // The model's answers take --model-delay-ms, queued behind nothing (MODEL_CONCURRENCY is roomy): never a timeout.
      LLM_TIMEOUT_S: String(Math.max(60, Math.ceil((3 * delayMs) / 1000))),
      MODEL_CONCURRENCY: roomy,
      JOB_CONCURRENCY: String(concurrency),
      JOB_CONCURRENCY_PER_USER: roomy,
      JOB_CONCURRENCY_PER_CHANNEL: roomy,
      SHUTDOWN_TIMEOUT_S: '5',
      ...extra,
    },
  );
}

/** Channels (one per paper) that have no summary yet. */
const missing = (channels: string[], firstAt: Map<string, number>) => channels.filter((c) => !firstAt.has(c));

async function run(n: number, runNo: number): Promise<RunResult> {
  const slack = await startFakeSlack();
  const model = await startSlowModel(delayMs, () => undefined);
  // When each measured paper's model request came in and was answered (by paper number).
  const modelStart = new Map<number, number>();
  const modelEnd = new Map<number, number>();
  const slowGate = model.fake.gate!;
  model.fake.gate = async (req) => {
    const i = /Load Paper (\d+):/.exec(paperBlock(req))?.[1];
    if (i !== undefined && !modelStart.has(Number(i))) modelStart.set(Number(i), performance.now());
    await slowGate(req);
    if (i !== undefined) modelEnd.set(Number(i), performance.now());
  };
  const prefix = uniquePrefix();
  const procs: Proc[] = [];
  const notes: string[] = [];
  const watch = watchSummaries(slack);
  try {
    const port = await freePort();
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    const t0Start = performance.now();
    const [serve, ...workers] = await Promise.all([
      // Ready once its queue is started (this line comes after "listening on port").
      spawnPaperbot('serve', 'serve', env(slack, model, prefix, { PORT: String(port) }), /scaled mode: jobs go to the Redis queue/),
      // A port each for the worker's /healthz and /metrics (when it has them): they must not collide.
      ...(await Promise.all(Array.from({ length: n }, () => freePort()))).map((workerPort, k) =>
        spawnPaperbot(`worker ${k + 1}`, 'worker', env(slack, model, prefix, { PORT: String(workerPort) }), /worker taking jobs/),
      ),
    ]);
    procs.push(serve!, ...workers);
    if (!logMessages(serve!.stderr()).some((m) => /"paperbot worker" processes run them/.test(m))) notes.push('serve did not say it only receives (is WORKER_IN_SERVE set?)');
    log(`  ${n} worker(s) + serve ready in ${((performance.now() - t0Start) / 1000).toFixed(1)} s (prefix ${prefix}); warming up…`);

    // Warm-up: tokenizer tables, prompt files, the PDF extractor's child processes, JIT, Redis connections.
    const warmN = n * concurrency;
    const warmChannels = Array.from({ length: warmN }, (_, i) => `C0LW${runNo}X${i}`);
    await Promise.all(
      warmChannels.map((ch, i) => postSignedEvent(eventsUrl, SECRET, fileShareEvent(ch, pdfFile(slack, `F0LW${runNo}X${i}`, `warm-${i}.pdf`, warmPapers[i]!), { user: `U0LW${runNo}X${i}` }))),
    );
    await waitFor('the warm-up summaries', () => missing(warmChannels, watch.firstAt).length === 0, Math.max(60_000, timeoutMs)).catch((err: Error) => {
      const last = missing(warmChannels, watch.firstAt).map((c) => `${c}: ${lastUpdateText(slack, c) || '(nothing posted)'}`);
      throw new Error(`${err.message}\n${last.join('\n')}\n${procs.map((p) => `${p.name} stderr:\n${p.stderr()}`).join('\n')}`);
    });
    await waitFor('the model to be idle after the warm-up', () => model.fake.inFlight === 0, 30_000);
    model.fake.maxInFlight = 0;
    const requestsBefore = model.fake.requests.length;

    // The load: M distinct papers at once, each from its own user in its own channel.
    const channels = papers.map((_, i) => `C0LR${runNo}X${i}`);
    const events = papers.map((bytes, i) => fileShareEvent(channels[i]!, pdfFile(slack, `F0LR${runNo}X${i}`, `load-${i}.pdf`, bytes), { user: `U0LR${runNo}X${i}` }));
    const sentAt = new Map<string, number>();
    log(`  sending ${m} papers…`);
    // CPU ms so far: serve, the worker processes, and their children (the PDF extractors).
    const botCpu = () => {
      const [serveCpu, ...workerCpu] = procs.map((p) => processCpuMs(p.child.pid));
      return { serve: serveCpu!.own + serveCpu!.children, workers: workerCpu.reduce((a, w) => a + w.own, 0), pdf: workerCpu.reduce((a, w) => a + w.children, 0) };
    };
    const cpu0 = cpuTimes();
    const bot0 = botCpu();
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    const acks = await Promise.all(
      events.map((ev) => {
        sentAt.set(ev.event.channel, performance.now());
        return postSignedEvent(eventsUrl, SECRET, ev).catch((err: Error) => ({ status: 0, body: err.message }));
      }),
    );
    const rejected = acks.filter((a) => a.status !== 200).length;
    if (rejected) notes.push(`${rejected} event(s) not answered 200: ${[...new Set(acks.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body.slice(0, 80)}`))].join('; ')}`);
    await waitFor('every summary', () => missing(channels, watch.firstAt).length === 0, timeoutMs).catch(() => {});
    const cpu1 = cpuTimes();
    const bot1 = botCpu();
    const own1 = process.cpuUsage(own0);
    const tEnd = performance.now();
    // Settle before counting: nothing in flight at the model and no Web API call for 2 s (a duplicate would show now).
    await waitFor('quiet', () => model.fake.inFlight === 0 && performance.now() - watch.lastCallAt() > 2000, 30_000).catch(() => notes.push('never quiet after the load (model or Slack calls still going)'));
    watch.stop();

    const done = channels.filter((c) => watch.firstAt.has(c));
    const latencies = done.map((c) => watch.firstAt.get(c)! - sentAt.get(c)!).sort((a, b) => a - b);
    const lastAt = Math.max(...done.map((c) => watch.firstAt.get(c)!), t0);
    const seconds = (lastAt - t0) / 1000;
    const median = (xs: number[]) => percentile(xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b), 50) / 1000;
    const stage = (from: (i: number) => number | undefined, to: (i: number) => number | undefined) =>
      median(
        channels.map((_, i) => {
          const a = from(i);
          const b = to(i);
          return a === undefined || b === undefined ? NaN : b - a;
        }),
      );
    const lostOnes = channels.filter((c) => !watch.firstAt.has(c));
    if (lostOnes.length) notes.push(`no summary in ${lostOnes.length} thread(s), e.g. ${lostOnes.slice(0, 3).map((c) => `${c}: "${lastUpdateText(slack, c).slice(0, 100) || '(nothing posted)'}"`).join(', ')}`);
    const perPaper = (k: 'serve' | 'workers' | 'pdf') => ((bot1[k] - bot0[k]) / channels.length).toFixed(0);
    notes.push(`CPU ms per paper: serve ${perPaper('serve')}, workers ${perPaper('workers')}, their PDF extractor children ${perPaper('pdf')}`);
    if (values.trace) {
      const at = (v: number | undefined) => (v === undefined ? '-' : ((v - t0) / 1000).toFixed(2));
      log(`  trace (s after the first event): paper sent picked model-request model-answer posted`);
      channels.forEach((c, i) => log(`    ${i} ${at(sentAt.get(c))} ${at(watch.pickedAt.get(c))} ${at(modelStart.get(i))} ${at(modelEnd.get(i))} ${at(watch.firstAt.get(c))}`));
    }
    const duplicates = channels.reduce((sum, c) => sum + Math.max(0, (watch.count.get(c) ?? 0) - 1), 0);
    const result: RunResult = {
      workers: n,
      seconds,
      throughput: done.length / seconds,
      p50: percentile(latencies, 50) / 1000,
      p95: percentile(latencies, 95) / 1000,
      max: (latencies.at(-1) ?? NaN) / 1000,
      duplicates,
      lost: channels.length - done.length,
      rejected,
      maxInFlight: model.fake.maxInFlight,
      modelRequests: model.fake.requests.length - requestsBefore,
      wait: stage((i) => sentAt.get(channels[i]!), (i) => watch.pickedAt.get(channels[i]!)),
      preModel: stage((i) => watch.pickedAt.get(channels[i]!), (i) => modelStart.get(i)),
      postModel: stage((i) => modelEnd.get(i), (i) => watch.firstAt.get(channels[i]!)),
      cpu: busyPercent(cpu0, cpu1),
      botCpuPerPaper: (bot1.serve + bot1.workers + bot1.pdf - bot0.serve - bot0.workers - bot0.pdf) / channels.length,
      benchCpu: (own1.user + own1.system) / 10 / (tEnd - t0),
      notes,
    };
    // Warm-up threads count too: a duplicate there is a duplicate.
    const warmDuplicates = warmChannels.reduce((sum, c) => sum + Math.max(0, (watch.count.get(c) ?? 0) - 1), 0);
    if (warmDuplicates) {
      result.duplicates += warmDuplicates;
      notes.push(`${warmDuplicates} duplicate summar${warmDuplicates === 1 ? 'y' : 'ies'} in the warm-up threads`);
    }
    return result;
  } finally {
    watch.stop();
    const diedEarly = procs.map((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    const codes = await Promise.all(procs.map((p) => stopProc(p)));
    procs.forEach((p, i) => {
      if (diedEarly[i]) notes.push(`${p.name} ended during the run (${p.child.exitCode ?? p.child.signalCode})`);
      else if (codes[i] !== 0) notes.push(`${p.name} exited ${codes[i] ?? 'killed'} on SIGTERM`);
      const lines = p
        .stderr()
        .split('\n')
        .filter((l) => /warn|error|fail/i.test(l));
      if (lines.length) notes.push(`${p.name}: ${lines.length} warning/error line(s), first: ${lines[0]!.slice(0, 300)}`);
    });
    await deleteKeys(prefix).catch((err: Error) => notes.push(`deleting the Redis keys under ${prefix} failed: ${err.message}`));
    await model.fake.close();
    await slack.close();
  }
}

const results: RunResult[] = [];
for (const [i, n] of workerCounts.entries()) {
  log(`run ${i + 1}/${workerCounts.length}: ${n} worker(s) × JOB_CONCURRENCY ${concurrency}, ${m} papers, model ${delayMs} ms`);
  const r = await run(n, i);
  results.push(r);
  log(`  ${r.throughput.toFixed(2)} papers/s, p50 ${r.p50.toFixed(2)} s, p95 ${r.p95.toFixed(2)} s, duplicates ${r.duplicates}, lost ${r.lost}`);
}

const bound = (n: number) => (n * concurrency * 1000) / delayMs;
console.log(`\npaperbot scaled mode: ${m} distinct papers at once, model ${delayMs} ms per answer, JOB_CONCURRENCY ${concurrency} per worker, Redis ${REDIS_URL}`);
console.log('latency: event sent to serve → summary posted (chat.update with blocks); bound: workers × concurrency / model delay');
console.log('~ medians, s: wait = sent → a worker picks it up (👀 reaction); pre-model = picked up → model request; post-model = model answer → summary posted');
console.log(`CPU % (machine): all ${availableParallelism()} cores busy during the load, other work on the machine included; bot CPU: serve + workers + their PDF extractor children; bench CPU: this process (fakes, watcher), % of one core\n`);
console.log(
  table(
    ['workers', 'wall s', 'papers/s', 'bound/s', 'p50 s', 'p95 s', 'max s', 'model max in flight', 'model reqs', 'duplicates', 'lost', 'wait~', 'pre-model~', 'post-model~', 'CPU % (machine)', 'bot CPU ms/paper', 'bench CPU %'],
    results.map((r) => [
      String(r.workers),
      r.seconds.toFixed(2),
      r.throughput.toFixed(2),
      bound(r.workers).toFixed(2),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.max.toFixed(2),
      `${r.maxInFlight} (≤ ${r.workers * concurrency})`,
      String(r.modelRequests),
      String(r.duplicates),
      String(r.lost),
      r.wait.toFixed(2),
      r.preModel.toFixed(2),
      r.postModel.toFixed(2),
      r.cpu.toFixed(0),
      r.botCpuPerPaper.toFixed(0),
      r.benchCpu.toFixed(0),
    ]),
  ),
);
const notes = results.flatMap((r) => r.notes.map((note) => `  ${r.workers} worker(s): ${note}`));
if (notes.length) console.log(`\nnotes:\n${notes.join('\n')}`);
const bad = results.filter((r) => r.duplicates > 0 || r.lost > 0);
if (bad.length) {
  console.log(`\nFAIL: duplicates or lost papers with ${bad.map((r) => `${r.workers} worker(s)`).join(', ')}`);
  process.exitCode = 1;
}
