/**
 * `npm run bench:flood [-- --papers 50 --users 5 --concurrency 4 --per-user 2 --per-channel 3 --model-delay-ms 300]`
 *
 * N distinct generated PDFs shared at once as signed Slack events to the real Bolt app (local fake Slack, fake model
 * that takes `model-delay-ms` per answer), through the in-process job queue with the given limits. Prints throughput,
 * p50/p95 event-to-summary latency, the most requests the model saw at once, peak RSS and the largest event-loop delay.
 */
import { parseArgs } from 'node:util';
import { createInProcessQueue } from '../src/core/queue/index.ts';
import { fileShareEvent, pdfFile, startSlackHarness, summaryUpdates } from '../test/helpers/slack-harness.ts';
import { distinctPapers, percentile, startGauges, startSlowModel } from '../test/hardening/flood-tools.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '50' },
    users: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    'per-user': { type: 'string', default: '2' },
    'per-channel': { type: 'string', default: '3' },
    'model-delay-ms': { type: 'string', default: '300' },
  },
});
const n = Number(values.papers);
const users = Number(values.users);
const limits = { concurrency: Number(values.concurrency), perUser: Number(values['per-user']), perChannel: Number(values['per-channel']) };
const delayMs = Number(values['model-delay-ms']);
const userOf = (i: number) => `U0BENCH${i % users}`;

process.stderr.write(`making ${n} papers…\n`);
const papers = await distinctPapers(n, (i) => `Bench Paper ${i}: Throughput Under a Flood of Requests`);
const model = await startSlowModel(delayMs, (paper) => {
  const i = /Bench Paper (\d+)/.exec(paper)?.[1];
  return i === undefined ? undefined : userOf(Number(i));
});
const h = await startSlackHarness({ modelUrl: model.fake.baseURL, queue: createInProcessQueue({ limits }) });
try {
  // Warm-up: the one-time start-up work (tokenizer tables, prompts, JIT) is not what a flood measures.
  const [warm] = await distinctPapers(1, () => 'Bench Warm-Up Paper');
  const warmUp = fileShareEvent('C0BENCHWARM', pdfFile(h.slack, 'F0BENCHWARM', 'warm.pdf', warm!));
  await h.send(warmUp);
  await h.settled(warmUp.event_id);
  model.fake.maxInFlight = 0;

  const events = papers.map((bytes, i) => fileShareEvent(`C0BENCH${i}`, pdfFile(h.slack, `F0BENCH${i}`, `bench-${i}.pdf`, bytes), { user: userOf(i) }));
  const doneAt = new Map<string, number>();
  const gauges = startGauges();
  const t0 = performance.now();
  // Latency is seen by polling the fake's record every 5 ms: good to about that.
  const watch = setInterval(() => {
    for (const ev of events) if (!doneAt.has(ev.event.channel) && summaryUpdates(h.slack, ev.event.channel).length > 0) doneAt.set(ev.event.channel, performance.now() - t0);
  }, 5);
  await Promise.all(events.map((ev) => h.send(ev)));
  for (const ev of events) await h.settled(ev.event_id);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(watch);
  gauges.stop();
  for (const ev of events) if (!doneAt.has(ev.event.channel) && summaryUpdates(h.slack, ev.event.channel).length > 0) doneAt.set(ev.event.channel, seconds * 1000);
  const latencies = [...doneAt.values()].sort((a, b) => a - b);
  const once = events.filter((ev) => summaryUpdates(h.slack, ev.event.channel).length === 1).length;
  console.log(`papers                 ${n} (${users} users; limits ${limits.concurrency} in all, ${limits.perUser} per user, ${limits.perChannel} per channel; model ${delayMs} ms)`);
  console.log(`answered exactly once  ${once}/${n}`);
  console.log(`wall time              ${seconds.toFixed(2)} s`);
  console.log(`throughput             ${(n / seconds).toFixed(2)} papers/s`);
  console.log(`latency p50 / p95      ${(percentile(latencies, 50) / 1000).toFixed(2)} s / ${(percentile(latencies, 95) / 1000).toFixed(2)} s (event sent → summary posted)`);
  console.log(`max concurrency        ${model.fake.maxInFlight} at the model (limit ${limits.concurrency}); ${model.maxPerUser()} from one user (limit ${limits.perUser})`);
  console.log(`peak RSS               ${gauges.peakRssMiB().toFixed(0)} MiB`);
  console.log(`max event-loop delay   ${gauges.maxLoopDelayMs().toFixed(1)} ms`);
} finally {
  await h.close();
  await model.fake.close();
}
