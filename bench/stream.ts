/**
 * `npm run bench:stream`: the summary streamed into chat, against local fakes (127.0.0.1): the real Bolt app and
 * pipeline (createSlackApp, createPipeline), the fake Slack Web API, and the fake model writing ~40 tokens a second
 * (4 characters every 25 ms). A benchmark, not a test: it prints figures and asserts nothing.
 * 1. From the model's first token to the first words visible in the Slack thread (update: the placeholder edited with
 *    text; native: chat.startStream), median of 3 papers each way. Target ≤ 1 s.
 * 2. Writes while three papers stream at once in one workspace: per minute for the workspace and per message.
 * 3. A paper summarized before (cached): from the event to the posted summary. Target ≤ 100 ms.
 * 4. Discord's figures from bench/stream-discord.ts (`measureDiscord()`), when that file exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSlackApp, type SlackApp } from '../src/adapters/slack/app.ts';
import { createBoltLogger } from '../src/adapters/slack/logger.ts';
import { createLogger } from '../src/adapters/common/logger.ts';
import { loadConfig } from '../src/config.ts';
import { createPipeline } from '../src/services/create-pipeline.ts';
import { createGuardedFetcher } from '../src/services/guarded-fetch.ts';
import { createPromRegistry } from '../src/services/prom-registry.ts';
import { startFakeOpenAi, type RecordedRequest } from '../test/helpers/fake-openai.ts';
import { postSignedEvent, startFakeSlack, waitFor, type FakeSlack, type SlackCall } from '../test/helpers/fake-slack.ts';
import { goodReply } from '../test/helpers/model-replies.ts';

const SECRET = 'bench-signing-secret';
const SAMPLE = readFileSync(path.resolve(import.meta.dirname, '..', 'examples', 'sample-paper.pdf'));
const PACE_MS = 25;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 0) => Number(n.toFixed(d));
let variant = 0;
const freshPdf = () => Buffer.concat([SAMPLE, Buffer.from(`\n% bench-stream ${++variant}\n`)]);

/** A summary of realistic length (~1,600 characters: ~400 tokens, 10 s at 40 tokens/s). */
const more = ' The authors explain this with examples from the paper and compare it with earlier work on the same benchmark.';
const reply = (req: RecordedRequest) => goodReply(req).replace(/^( {2}\(\d\): .*)$/gm, (line) => line + more.repeat(2));

const hasBlocks = (c: SlackCall) => Array.isArray(c.params.blocks) && (c.params.blocks as unknown[]).length > 0;
const isDraftWrite = (c: SlackCall) =>
  (c.method === 'chat.update' && !hasBlocks(c) && String(c.params.text).includes('Title')) || c.method === 'chat.startStream' || c.method === 'chat.appendStream';

async function main() {
  const model = await startFakeOpenAi((req) => ({ reply: reply(req) }));
  const firstToken = new Map<number, number>();
  let requestNo = 0;
  model.gate = async () => void requestNo++;
  model.streaming = {
    chunkChars: 4,
    paceMs: PACE_MS,
    usage: true,
    beforeChunk: async (i) => {
      // The first piece leaves PACE_MS after this hook (the fake waits, then sends).
      if (i === 0) firstToken.set(requestNo, Date.now() + PACE_MS);
    },
  };
  const slack = await startFakeSlack();
  const rows: string[] = [];
  const print = (row: Record<string, unknown>) => {
    const line = JSON.stringify(row);
    rows.push(line);
    console.log(line);
  };

  const startApp = async (streaming: 'update' | 'native'): Promise<{ app: SlackApp; url: string; close(): Promise<void> }> => {
    const config = loadConfig({ CACHE_URL: 'memory:', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: 'bench-model', LLM_MAX_RETRIES: '0' });
    const pipeline = createPipeline(config, { registry: createPromRegistry() });
    const app = createSlackApp({
      settings: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: slack.apiUrl, port: 0, defaultLanguage: 'en', downloadTimeoutMs: 10_000, streaming },
      summarizer: pipeline.summarizer,
      engine: 'llm',
      fetcher: createGuardedFetcher({ maxBytes: 25 << 20, timeoutMs: 10_000 }),
      maxPdfBytes: 25 << 20,
      cache: pipeline.cache,
      logger: createBoltLogger(createLogger({ level: 'silent' })),
    });
    const { port } = await app.start({ port: 0, host: '127.0.0.1' });
    return {
      app,
      url: `http://127.0.0.1:${port}/slack/events`,
      close: async () => {
        await app.stop();
        await pipeline.close();
      },
    };
  };

  let ev = 0;
  /** Shares `bytes` in `channel`; resolves when the summary (blocks) is posted there, with when the event was sent. */
  const share = async (url: string, channel: string, bytes: Buffer) => {
    ev++;
    const id = `Ev${String(ev).padStart(6, '0')}`;
    const fileUrl = slack.serveFile(`F${id}/paper.pdf`, { body: bytes, contentType: 'application/pdf' });
    const file = { id: `F${id}`, name: 'paper.pdf', mimetype: 'application/pdf', filetype: 'pdf', size: bytes.length, url_private_download: fileUrl, url_private: fileUrl };
    const payload = {
      token: 'legacy', team_id: 'T000FAKE', api_app_id: 'A000FAKE', type: 'event_callback', event_id: id, event_time: Math.floor(Date.now() / 1000),
      event: { type: 'message', subtype: 'file_share', channel, channel_type: 'channel', user: 'U0HUMAN', text: '', ts: `1700${id.slice(2)}.000200`, files: [file] },
    };
    const sentAt = performance.now();
    const sentWall = Date.now();
    await postSignedEvent(url, SECRET, payload);
    await waitFor(`the summary in ${channel}`, () => slack.callsIn(channel, 'chat.update').some(hasBlocks), 60_000);
    return { sentAt, sentWall, postedAt: performance.now() };
  };

  // 1. First token → first words in the thread.
  for (const mode of ['update', 'native'] as const) {
    const app = await startApp(mode);
    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const channel = `C0FIRST${mode.toUpperCase()}${i}`;
      const before = requestNo;
      await share(app.url, channel, freshPdf());
      const token = firstToken.get(before + 1)!;
      const first = slack.callsIn(channel).find(isDraftWrite)!;
      latencies.push(first.at! - token);
    }
    print({ part: 'first words', mode, model: '40 tokens/s (4 chars / 25 ms)', medianMs: median(latencies), allMs: latencies, target: '≤ 1000 ms' });

    // 2. Three papers at once in one workspace.
    const channels = [1, 2, 3].map((n) => `C0THREE${mode.toUpperCase()}${n}`);
    await Promise.all(channels.map((c) => share(app.url, c, freshPdf())));
    const writes = channels.flatMap((c) => slack.callsIn(c).filter(isDraftWrite)).sort((a, b) => a.at! - b.at!);
    const all = channels.flatMap((c) => slack.callsIn(c).filter((w) => w.method.startsWith('chat.') && w.method !== 'chat.getPermalink'));
    const spanMin = (writes.at(-1)!.at! - writes[0]!.at!) / 60_000;
    const perMessage = channels.map((c) => slack.callsIn(c).filter(isDraftWrite));
    const minGap = Math.min(...perMessage.flatMap((w) => w.slice(1).map((x, i) => x.at! - w[i]!.at!)));
    print({
      part: '3 papers at once',
      mode,
      streamedWrites: writes.length,
      overSeconds: round(spanMin * 60, 1),
      perMinuteWorkspace: round(writes.length / spanMin),
      perMinutePerMessage: perMessage.map((w) => round(w.length / spanMin)),
      allChatWritesIncludingStatusesAndFinal: all.length,
      shortestGapSameMessageMs: minGap,
      methods: Object.fromEntries([...new Set(writes.map((w) => w.method))].map((m) => [m, writes.filter((w) => w.method === m).length])),
    });
    await app.close();
  }

  // 3. A cached paper: event → posted summary (same bytes again, in another channel).
  const app = await startApp('native');
  const paper = freshPdf();
  await share(app.url, 'C0CACHE0', paper);
  const times: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const { sentAt, postedAt } = await share(app.url, `C0CACHE${i}`, paper);
    times.push(postedAt - sentAt);
  }
  print({ part: 'cached paper, event → posted summary', medianMs: round(median(times), 1), allMs: times.map((t) => round(t, 1)), target: '≤ 100 ms' });
  await app.close();
  await slack.close();
  await model.close();

  // 4. Discord (another engineer's figures), when its bench exists.
  const discordBench = path.resolve(import.meta.dirname, 'stream-discord.ts');
  if (existsSync(discordBench)) {
    const { measureDiscord } = (await import(discordBench)) as { measureDiscord: () => Promise<string[]> };
    for (const row of await measureDiscord()) console.log(row);
  } else console.log(JSON.stringify({ part: 'discord', skipped: 'bench/stream-discord.ts not found' }));
}

await main();
