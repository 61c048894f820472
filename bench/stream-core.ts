/**
 * `npx tsx bench/stream-core.ts`: what streaming the summary costs and gains in the core, against the local fake model
 * (real openai client, 127.0.0.1). A benchmark, not a test: it prints figures and asserts nothing.
 * 1. Reading drafts: the real model outputs in ../shared/llm-outputs fed to the draft reporter 4 characters at a
 *    time (one piece per 25 ms of a simulated clock, ~40 tokens/s): reads, reports, CPU per reply, slowest piece.
 * 2. The model port: from the fake sending its first piece to onText hearing it (median of 30 streams); a 2,000
 *    character answer streamed and whole (median of 15 each).
 * 3. The summarizer (createPipeline, the sample paper), the fake writing 4 characters every 20 ms: from the model's
 *    first piece to the first finished item reported, and from its last piece to the result (unstreamed, nothing
 *    shows before the result); reports per summary.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createDiscardingRegistry } from '../src/core/metrics/metrics-registry.ts';
import { createDraftReporter } from '../src/core/reply/draft-reporter.ts';
import type { ProgressEvent } from '../src/core/types.ts';
import { createPipeline } from '../src/services/create-pipeline.ts';
import { createOpenAiModel } from '../src/services/openai-model.ts';
import { startFakeOpenAi } from '../test/helpers/fake-openai.ts';
import { makeStructure } from '../test/helpers/structure-fixture.ts';
import { goodReply } from '../test/helpers/model-replies.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Number(n.toFixed(d));

function draftReading(): void {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'shared', 'llm-outputs');
  if (!existsSync(dir)) {
    console.log(JSON.stringify({ part: 'drafts', skipped: `${dir} not found` }));
    return;
  }
  const structure = makeStructure();
  const totals = { replies: 0, pieces: 0, reports: 0, cpuMs: 0 };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    let clock = 0;
    let reports = 0;
    const r = createDraftReporter({ structure, language: 'zh', report: () => void reports++, now: () => clock });
    let cpu = 0;
    let slowest = 0;
    let pieces = 0;
    for (let i = 4; i < text.length + 4; i += 4) {
      clock += 25;
      const t = performance.now();
      r.onText(text.slice(0, i));
      const ms = performance.now() - t;
      cpu += ms;
      slowest = Math.max(slowest, ms);
      pieces++;
    }
    const t = performance.now();
    r.end(text);
    cpu += performance.now() - t;
    totals.replies++;
    totals.pieces += pieces;
    totals.reports += reports;
    totals.cpuMs += cpu;
    console.log(JSON.stringify({ part: 'drafts', file, chars: text.length, pieces, reports, cpuMs: round(cpu), slowestPieceMs: round(slowest, 2), streamSeconds: round(clock / 1000) }));
  }
  console.log(JSON.stringify({ part: 'drafts', summary: true, ...totals, cpuMs: round(totals.cpuMs), cpuMsPerReply: round(totals.cpuMs / totals.replies) }));
}

async function modelPort(): Promise<void> {
  const fake = await startFakeOpenAi(() => ({ reply: 'x'.repeat(2000) }));
  try {
    const model = createOpenAiModel({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', timeoutMs: 10_000, maxRetries: 0 });
    const firsts: number[] = [];
    for (let i = 0; i < 30; i++) {
      let sentAt = 0;
      let heardAt = 0;
      fake.script({ reply: 'first piece, then more', stream: { beforeChunk: async (n) => void (n === 0 && (sentAt = performance.now())) } });
      await model.complete([{ role: 'user', content: 'x' }], { onText: () => void (heardAt ||= performance.now()) });
      firsts.push(heardAt - sentAt);
    }
    const whole: number[] = [];
    const streamed: number[] = [];
    fake.streaming = { chunkChars: 4, paceMs: 0, usage: true };
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      await model.complete([{ role: 'user', content: 'x' }]);
      whole.push(performance.now() - t);
      t = performance.now();
      await model.complete([{ role: 'user', content: 'x' }], { onText: () => {} });
      streamed.push(performance.now() - t);
    }
    console.log(
      JSON.stringify({ part: 'model', firstPieceToOnTextMs: round(median(firsts.filter((x) => x >= 0)), 2), answer2000CharsWholeMs: round(median(whole)), answer2000CharsStreamed500PiecesMs: round(median(streamed)) }),
    );
  } finally {
    await fake.close();
  }
}

async function summarizer(): Promise<void> {
  const fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  let firstPieceAt = 0;
  let lastPieceAt = 0;
  fake.streaming = {
    chunkChars: 4,
    paceMs: 20,
    usage: true,
    beforeChunk: async (i, total) => {
      // The hook runs before the pause: the piece goes out paceMs later.
      if (i === 0) firstPieceAt = performance.now() + 20;
      if (i === total - 1) lastPieceAt = performance.now() + 20;
    },
  };
  const bytes = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '..', 'examples', 'sample-paper.pdf')));
  const config = loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'bench-model', CACHE_URL: 'memory:' });
  const p = createPipeline(config, { registry: createDiscardingRegistry() });
  try {
    const runs: Array<{ streamMs: number; firstItemAfterFirstPieceMs: number; resultAfterLastPieceMs: number; reports: number }> = [];
    for (let i = 0; i < 5; i++) {
      let firstItemAt = 0;
      let reports = 0;
      const onProgress = (e: ProgressEvent) => {
        if (e.stage !== 'writing') return;
        reports++;
        if (!firstItemAt && e.draft.finished.length > 0) firstItemAt = performance.now();
      };
      await p.summarizer.summarize({ bytes, fileName: 'sample-paper.pdf', language: 'zh', engine: 'llm', bypassCache: true, reportDrafts: true }, onProgress);
      const doneAt = performance.now();
      runs.push({ streamMs: round(lastPieceAt - firstPieceAt), firstItemAfterFirstPieceMs: round(firstItemAt - firstPieceAt), resultAfterLastPieceMs: round(doneAt - lastPieceAt), reports });
    }
    console.log(JSON.stringify({ part: 'summarizer', paceMsPer4Chars: 20, replyChars: goodReply(fake.requests[0]!).length, runs }));
  } finally {
    await p.close();
    await fake.close();
  }
}

draftReading();
await modelPort();
await summarizer();
