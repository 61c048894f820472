/**
 * Issue 6 part 5, restarts: `serve` on a real SQLite file (CACHE_URL) with a model that hangs. Stopping stops taking
 * work, gives the running summaries SHUTDOWN_TIMEOUT_S, keeps what did not finish in the store and returns within
 * the timeout; the next start replays those jobs into the same threads, each thread getting exactly one summary.
 * Once in this process (runServerCommand with a stop promise), once as a real `node bin/paperbot.js serve` and SIGTERM,
 * and Discord jobs replayed through the persisted interaction token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { runServerCommand } from '../../src/commands/server.ts';
import { createKeyvJobStore } from '../../src/services/keyv-jobs.ts';
import { postSignedEvent, waitFor, type FakeSlack } from '../helpers/fake-slack.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { freePort } from '../helpers/free-port.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { BIN, cleanEnv } from '../helpers/run-cli.ts';
import { fileShareEvent, pdfFile, summaryUpdates, useFakeSlack } from '../helpers/slack-harness.ts';
import { distinctPapers } from './flood-tools.ts';
import { createInProcessQueue, createMemoryJobStore, type JobQueue } from '../../src/core/queue/index.ts';
import { bodyOf, finalEdit, startDiscordHarness } from '../helpers/discord-harness.ts';
import { attachment, slashCommand } from '../helpers/discord-interactions.ts';

const SECRET = 'restart-secret';
const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-hardening-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model that hangs while `hanging` is true (the request stays open), else answers at once. */
async function switchableModel(): Promise<{ fake: FakeOpenAi; hang(on: boolean): void }> {
  const fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  let hanging = true;
  fake.gate = () => (hanging ? new Promise<void>(() => {}) : Promise.resolve());
  return { fake, hang: (on) => void (hanging = on) };
}

function serveEnv(slack: FakeSlack, model: FakeOpenAi, dbFile: string, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-restart-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    CACHE_URL: `sqlite://${dbFile}`,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_MODEL: 'test-model',
    LLM_MAX_RETRIES: '1',
    SUMMARY_LANGUAGE: 'en',
    JOB_CONCURRENCY: '2',
    SHUTDOWN_TIMEOUT_S: '2',
    LOG_LEVEL: 'info', // the start, stop and hand-back lines are info records
  };
}

async function storedJobs(dbFile: string) {
  const store = createKeyvJobStore({ url: `sqlite://${dbFile}` });
  try {
    return await store.all();
  } finally {
    await store.close?.();
  }
}

async function untilNoJobsStored(dbFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await storedJobs(dbFile)).length > 0) {
    if (Date.now() > deadline) throw new Error('jobs still stored after 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const threadTexts = (slack: FakeSlack, channel: string) => slack.callsIn(channel).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').map((c) => String(c.params.text));

describe('restarting serve in this process', () => {
  const slack = useFakeSlack();
  let model: Awaited<ReturnType<typeof switchableModel>>;
  let papers: Uint8Array[];
  beforeAll(async () => {
    model = await switchableModel();
    papers = await distinctPapers(3, (i) => `Restart Paper ${i}: Surviving a Deploy`);
  });
  afterAll(() => model?.fake.close());

  it('keeps running and waiting jobs when stopped within SHUTDOWN_TIMEOUT_S, and replays each into its thread once', async () => {
    const dbFile = path.join(dir, 'in-process.sqlite');
    const serveOnce = async () => {
      const port = await freePort();
      const config = loadConfig(serveEnv(slack(), model.fake, dbFile, port));
      const stderr: string[] = [];
      let stop!: () => void;
      const stopSignal = new Promise<void>((r) => (stop = r));
      let up!: () => void;
      const started = new Promise<void>((r) => (up = r));
      const done = runServerCommand('serve', [], config, { stdout: () => {}, stderr: (l) => stderr.push(l), env: {} }, { stopSignal, onStarted: () => up() });
      await Promise.race([started, done]);
      return { url: `http://127.0.0.1:${port}/slack/events`, stop, done, stderr };
    };

    // First life: three papers, two slots; the model hangs, so two run forever and one waits.
    const first = await serveOnce();
    const events = papers.map((bytes, i) => fileShareEvent(`C0RESTART${i}`, pdfFile(slack(), `F0RESTART${i}`, `restart-${i}.pdf`, bytes)));
    for (const ev of events) expect((await postSignedEvent(first.url, SECRET, ev)).status).toBe(200);
    await waitFor('two summaries at the model', () => model.fake.requests.length >= 2);
    await waitFor('three jobs accepted', () => events.every((ev) => slack().callsIn(ev.event.channel, 'chat.postMessage').length > 0));
    const t0 = Date.now();
    first.stop();
    expect(await first.done).toBe(0);
    const stopMs = Date.now() - t0;
    console.log(`in-process shutdown with 2 hanging jobs and SHUTDOWN_TIMEOUT_S=2 took ${stopMs} ms`);
    expect(stopMs).toBeLessThan(2500);
    expect(first.stderr.join('\n')).toMatch(/2 running and 1 waiting summaries kept for the next start/);
    expect((await storedJobs(dbFile)).map((j) => (j.payload as { channel: string }).channel).sort()).toEqual(events.map((ev) => ev.event.channel));
    // The running ones told their thread they will be picked up again; nothing failed.
    const handedBack = events.filter((ev) => threadTexts(slack(), ev.event.channel).some((t) => /Restarting: I will pick this paper up again/.test(t)));
    expect(handedBack).toHaveLength(2);
    for (const ev of events) expect(threadTexts(slack(), ev.event.channel).some((t) => t.startsWith(':x:'))).toBe(false);

    // Second life: the model answers; the three jobs are replayed into the same threads.
    model.hang(false);
    const second = await serveOnce();
    try {
      // Slack retrying an old event after the restart changes nothing: the replayed job is the one answer.
      expect((await postSignedEvent(second.url, SECRET, events[0], { retryNum: 1 })).status).toBe(200);
      for (const ev of events) await waitFor(`summary in ${ev.event.channel}`, () => summaryUpdates(slack(), ev.event.channel).length > 0);
      await untilNoJobsStored(dbFile);
    } finally {
      second.stop();
      expect(await second.done).toBe(0);
    }
    expect(second.stderr.join('\n')).toMatch(/picked up 3 summaries left unfinished/);
    for (const ev of events) {
      const ch = ev.event.channel;
      expect(summaryUpdates(slack(), ch), ch).toHaveLength(1);
      expect(JSON.stringify(summaryUpdates(slack(), ch)[0]!.params.blocks)).toContain(`Restart Paper ${ch.slice(-1)}`);
      expect(threadTexts(slack(), ch).filter((t) => /Picked up again after a restart/.test(t))).toHaveLength(1);
      expect(slack().callsIn(ch, 'chat.postMessage').every((c) => c.params.thread_ts === ev.event.ts)).toBe(true);
    }
    expect(await storedJobs(dbFile)).toEqual([]);
  });
});

/** `node bin/paperbot.js serve` as a child process; resolves once it is listening. */
async function spawnServe(env: Record<string, string>, cwd: string): Promise<{ child: ChildProcess; stderr: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor('serve listening', () => /listening on port/.test(stderr) || child.exitCode !== null, 30_000);
  if (child.exitCode !== null) throw new Error(`serve exited early (${child.exitCode}):\n${stderr}`);
  return { child, stderr: () => stderr, exited };
}

describe('restarting a real `paperbot serve` process with SIGTERM', () => {
  const slack = useFakeSlack();
  let model: Awaited<ReturnType<typeof switchableModel>>;
  beforeAll(async () => {
    model = await switchableModel();
  });
  afterAll(() => model?.fake.close());

  it('exits 0 within SHUTDOWN_TIMEOUT_S with the running job kept, and finishes it after the next start', async () => {
    const dbFile = path.join(dir, 'process.sqlite');
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    const [paper] = await distinctPapers(1, () => 'Signal Paper: Finishing What Was Started');
    const port = await freePort();
    const env = serveEnv(slack(), model.fake, dbFile, port);
    const url = `http://127.0.0.1:${port}/slack/events`;

    const first = await spawnServe(env, cwd);
    const ev = fileShareEvent('C0SIGTERM', pdfFile(slack(), 'F0SIGTERM', 'signal.pdf', paper!));
    expect((await postSignedEvent(url, SECRET, ev)).status).toBe(200);
    await waitFor('the summary at the model', () => model.fake.requests.length >= 1);
    const t0 = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const exitMs = Date.now() - t0;
    console.log(`real process: SIGTERM to exit took ${exitMs} ms (SHUTDOWN_TIMEOUT_S=2)`);
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(3000);
    expect(first.stderr()).toMatch(/stopping \(SIGTERM\)/);
    const kept = await storedJobs(dbFile);
    expect(kept.map((j) => (j.payload as { channel: string }).channel)).toEqual(['C0SIGTERM']);

    model.hang(false);
    const second = await spawnServe(env, cwd);
    try {
      await waitFor('the summary after the restart', () => summaryUpdates(slack(), 'C0SIGTERM').length > 0, 30_000);
      await untilNoJobsStored(dbFile);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(summaryUpdates(slack(), 'C0SIGTERM')).toHaveLength(1);
    expect(threadTexts(slack(), 'C0SIGTERM').some((t) => /Picked up again after a restart/.test(t))).toBe(true);
    expect(await storedJobs(dbFile)).toEqual([]);
  });
});

describe('Discord jobs picked up after a restart', () => {
  it('hands back the running job, keeps the waiting one, and answers both in their deferred replies after the restart', async () => {
    const model = await switchableModel();
    const store = createMemoryJobStore();
    let current: JobQueue | undefined;
    const h = await startDiscordHarness({ openAi: model.fake, queue: () => (current = createInProcessQueue({ store, limits: { concurrency: 1 }, handBackMs: 300 })) });
    try {
      const [a, b] = await distinctPapers(2, (i) => `Discord Restart Paper ${i}`);
      const ia = [a!, b!].map((bytes, i) => slashCommand(h.fake.appId, { pdf: attachment(h.fake.serveCdn(`att/${i}/paper-${i}.pdf`, { body: bytes, contentType: 'application/pdf' }), `paper-${i}.pdf`, bytes.length) }));
      for (const i of ia) h.fake.dispatch('INTERACTION_CREATE', i);
      await waitFor('the first summary at the model', () => model.fake.requests.length >= 1);
      await waitFor('the second told its place in line', () => h.fake.callsFor(ia[1]!.token).some((c) => /Queued, position 1/.test(String(bodyOf(c).content))));
      expect(await current!.stop(100)).toEqual({ finished: false, handedBack: 1, pending: 1 });
      expect(h.fake.callsFor(ia[0]!.token).some((c) => /Restarting: I will pick this paper up again/.test(String(bodyOf(c).content)))).toBe(true);
      expect((await store.all()).length).toBe(2);

      model.hang(false);
      await h.restart();
      for (const i of ia) await waitFor(`the summary for ${i.token}`, () => finalEdit(h.fake, i.token));
      await h.bot.idle();
      for (const [n, i] of ia.entries()) {
        // Edited through the interaction webhook with the persisted token (the old process's interaction object is gone).
        expect(JSON.stringify(bodyOf(finalEdit(h.fake, i.token)!).embeds)).toContain(`Discord Restart Paper ${n}`);
        expect(h.fake.callsFor(i.token).some((c) => /Picked up again after a restart/.test(String(bodyOf(c).content)))).toBe(true);
        expect(h.fake.callsFor(i.token).filter((c) => c.method === 'PATCH' && (bodyOf(c).embeds ?? []).length > 0)).toHaveLength(1);
      }
      expect(await store.all()).toEqual([]);
    } finally {
      await h.close();
      await model.fake.close();
    }
  });
});
