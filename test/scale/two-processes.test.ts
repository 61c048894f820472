/**
 * Scaled mode with real processes: `node bin/paperbot.js serve` / `worker` on the local Redis, the fake Slack and a
 * fake model. Two serve processes get the same Slack event → one summary; a worker killed with SIGKILL mid-job →
 * another worker completes the job once, after the (shortened) lock and stall interval.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postSignedEvent, waitFor, type FakeSlack } from '../helpers/fake-slack.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { freePort } from '../helpers/free-port.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { fileShareEvent, pdfFile, summaryUpdates, useFakeSlack } from '../helpers/slack-harness.ts';
import { deleteKeys, redisAvailable, uniqueName } from './redis-test-env.ts';
import { logMessages, scaledEnv, spawnPaperbot } from './scaled-processes.ts';

const SECRET = 'scale-secret';
// One prefix per test: BullMQ's once-per-stalledInterval check mark (60 s in the first test) must not carry over.
const prefixes: string[] = [];
const children: ChildProcess[] = [];

function newPrefix(): string {
  prefixes.push(uniqueName('procs'));
  return prefixes.at(-1)!;
}

function baseEnv(slack: FakeSlack, model: FakeOpenAi, prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return scaledEnv({ slackApiUrl: slack.apiUrl, signingSecret: SECRET, modelUrl: model.baseURL, prefix }, extra);
}

describe.skipIf(!redisAvailable)('scaled mode with real processes on Redis', () => {
  const slack = useFakeSlack();
  let model: FakeOpenAi;
  let hanging = false;
  beforeAll(async () => {
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
    model.gate = () => (hanging ? new Promise<void>(() => {}) : Promise.resolve());
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  afterAll(async () => {
    await model?.close();
    for (const p of prefixes) await deleteKeys(p);
  });

  it('answers one Slack event delivered to two serve processes with exactly one summary', async () => {
    hanging = false;
    const prefix = newPrefix();
    const ports = [await freePort(), await freePort()];
    const serves = await Promise.all(
      ports.map((port) => spawnPaperbot('serve', baseEnv(slack(), model, prefix, { PORT: String(port), WORKER_IN_SERVE: 'true' }), /scaled mode: jobs go to the Redis queue/, children)),
    );
    const ev = fileShareEvent('C0SCALE1', pdfFile(slack(), 'F0SCALE1', 'scale.pdf'));
    const acks = await Promise.all(ports.map((port) => postSignedEvent(`http://127.0.0.1:${port}/slack/events`, SECRET, ev)));
    expect(acks.map((a) => a.status)).toEqual([200, 200]);
    await waitFor('the summary', () => summaryUpdates(slack(), 'C0SCALE1').length > 0, 30_000);
    // Both processes are idle again before counting (a second summary would have been under way by now).
    await waitFor('the model to be done', () => model.inFlight === 0, 10_000);
    expect(summaryUpdates(slack(), 'C0SCALE1')).toHaveLength(1);
    expect(model.requests.length).toBe(1);
    for (const s of serves) s.child.kill('SIGTERM');
    expect(await Promise.all(serves.map((s) => s.exited))).toEqual([0, 0]);
  }, 60_000);

  it('has another worker complete, once, the job of a worker killed with SIGKILL mid-job', async () => {
    hanging = true;
    const prefix = newPrefix();
    const before = model.requests.length;
    // Short lock and stall check so that the take-over happens within seconds (defaults: 5 min and 60 s).
    const queueEnv = { QUEUE_LOCK_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' };
    const port = await freePort();
    const receiver = await spawnPaperbot('serve', baseEnv(slack(), model, prefix, { PORT: String(port) }), /scaled mode: jobs go to the Redis queue/, children);
    expect(logMessages(receiver.stderr())).toContainEqual(expect.stringMatching(/"paperbot worker" processes run them/));
    const first = await spawnPaperbot('worker', baseEnv(slack(), model, prefix, queueEnv), /worker taking jobs/, children);
    const ev = fileShareEvent('C0SCALE2', pdfFile(slack(), 'F0SCALE2', 'killed.pdf'));
    expect((await postSignedEvent(`http://127.0.0.1:${port}/slack/events`, SECRET, ev)).status).toBe(200);
    await waitFor('the first worker at the model', () => model.requests.length > before, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    hanging = false;
    const second = await spawnPaperbot('worker', baseEnv(slack(), model, prefix, queueEnv), /worker taking jobs/, children);
    await waitFor('the summary from the second worker', () => summaryUpdates(slack(), 'C0SCALE2').length > 0, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\nmodel requests: ${model.requests.length - before}\nsecond worker: ${second.stderr()}\nreceiver: ${receiver.stderr()}\nSlack: ${JSON.stringify(slack().callsIn('C0SCALE2').map((c) => [c.method, c.params.text]))}`);
    });
    const takeOverMs = Date.now() - killedAt;
    console.log(`SIGKILLed worker's job completed by another worker ${takeOverMs} ms after the kill (QUEUE_LOCK_MS=2000, QUEUE_STALLED_INTERVAL_MS=1000, incl. worker start-up)`);
    await waitFor('the model to be done', () => model.inFlight === 0, 10_000);
    expect(summaryUpdates(slack(), 'C0SCALE2')).toHaveLength(1);
    expect(model.requests.length - before).toBe(2);
    // The thread was told the work was picked up again.
    expect(slack().callsIn('C0SCALE2', 'chat.postMessage').some((c) => /Picked up again/.test(String(c.params.text)))).toBe(true);
    // The second worker went on in the first one's placeholder (recorded in Redis): one placeholder, every edit in it.
    expect(slack().callsIn('C0SCALE2', 'chat.postMessage').filter((c) => !/Picked up again/.test(String(c.params.text)))).toHaveLength(1);
    // (With SLACK_STREAMING's default the summary may stream into a new reply, and the placeholder is then deleted.)
    const deleted = new Set(slack().callsIn('C0SCALE2', 'chat.delete').map((c) => c.params.ts));
    expect(new Set(slack().callsIn('C0SCALE2', 'chat.update').map((c) => c.params.ts).filter((ts) => !deleted.has(ts))).size).toBe(1);
    second.child.kill('SIGTERM');
    receiver.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await receiver.exited).toBe(0);
  }, 60_000);

  it('hands a running job back on SIGTERM within SHUTDOWN_TIMEOUT_S, and another worker completes it once', async () => {
    hanging = true;
    const prefix = newPrefix();
    const before = model.requests.length;
    const port = await freePort();
    const receiver = await spawnPaperbot('serve', baseEnv(slack(), model, prefix, { PORT: String(port) }), /scaled mode: jobs go to the Redis queue/, children);
    const first = await spawnPaperbot('worker', baseEnv(slack(), model, prefix, { SHUTDOWN_TIMEOUT_S: '2' }), /worker taking jobs/, children);
    const ev = fileShareEvent('C0SCALE3', pdfFile(slack(), 'F0SCALE3', 'sigterm.pdf'));
    expect((await postSignedEvent(`http://127.0.0.1:${port}/slack/events`, SECRET, ev)).status).toBe(200);
    await waitFor('the first worker at the model', () => model.requests.length > before, 30_000);
    const t0 = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const exitMs = Date.now() - t0;
    console.log(`worker SIGTERM with a hanging job: exited after ${exitMs} ms (SHUTDOWN_TIMEOUT_S=2)`);
    expect(exitMs).toBeLessThan(3000);
    expect(first.stderr()).toMatch(/1 running and 0 waiting summar/);
    hanging = false;
    // Handed back to the queue, not stalled: the next worker takes it at once, with the default lock settings.
    const second = await spawnPaperbot('worker', baseEnv(slack(), model, prefix), /worker taking jobs/, children);
    await waitFor('the summary from the second worker', () => summaryUpdates(slack(), 'C0SCALE3').length > 0, 15_000);
    await waitFor('the model to be done', () => model.inFlight === 0, 10_000);
    expect(summaryUpdates(slack(), 'C0SCALE3')).toHaveLength(1);
    expect(model.requests.length - before).toBe(2);
    second.child.kill('SIGTERM');
    receiver.child.kill('SIGTERM');
    expect(await Promise.all([second.exited, receiver.exited])).toEqual([0, 0]);
  }, 60_000);
});
