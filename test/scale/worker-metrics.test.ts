/**
 * A real `paperbot worker` process serves /healthz and /metrics on PORT: after a receiving `serve` queued one Slack
 * file on Redis and the worker summarized it, the worker's /metrics shows the job, the model call and the parse;
 * the receiver's /metrics (on the Slack app's port) shows the queue. SIGTERM closes both cleanly.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postSignedEvent, waitFor } from '../helpers/fake-slack.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { freePort } from '../helpers/free-port.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { fileShareEvent, pdfFile, summaryUpdates, useFakeSlack } from '../helpers/slack-harness.ts';
import { deleteKeys, redisAvailable, uniqueName, until } from './redis-test-env.ts';
import { scaledEnv, spawnPaperbot } from './scaled-processes.ts';

const SECRET = 'metrics-secret';
const children: ChildProcess[] = [];
const prefix = uniqueName('metrics');

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.skipIf(!redisAvailable)('paperbot worker process: /healthz and /metrics', () => {
  const slack = useFakeSlack();
  let model: FakeOpenAi;
  beforeAll(async () => {
    model = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  afterAll(async () => {
    await model?.close();
    await deleteKeys(prefix);
  });

  it('counts the job it ran and closes the server on SIGTERM', async () => {
    const env = scaledEnv({ slackApiUrl: slack().apiUrl, signingSecret: SECRET, modelUrl: model.baseURL, prefix });
    const [servePort, workerPort] = [await freePort(), await freePort()];
    const receiver = await spawnPaperbot('serve', { ...env, PORT: String(servePort) }, /scaled mode: jobs go to the Redis queue/, children);
    const worker = await spawnPaperbot('worker', { ...env, PORT: String(workerPort) }, /worker taking jobs/, children);
    expect(worker.stderr()).toContain(`http://localhost:${workerPort}/healthz`);
    const origin = `http://127.0.0.1:${workerPort}`;
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\nrole: worker\nqueue: redis\n');

    const ev = fileShareEvent('C0WMETRICS', pdfFile(slack(), 'F0WMETRICS', 'worker-metrics.pdf'));
    expect((await postSignedEvent(`http://127.0.0.1:${servePort}/slack/events`, SECRET, ev)).status).toBe(200);
    await waitFor('the summary', () => summaryUpdates(slack(), 'C0WMETRICS').length > 0, 30_000);
    // The summary is posted before the handler returns: poll until the worker counted the job.
    let text = '';
    await until(async () => {
      text = await (await fetch(`${origin}/metrics`)).text();
      return sample(text, 'paperbot_jobs_completed_total{kind="slack"}') === 1;
    }, 10_000, 'the job counted');
    expect(sample(text, 'paperbot_model_calls_total{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'paperbot_model_input_tokens_total')).toBeGreaterThan(0);
    expect(sample(text, 'paperbot_parse_duration_seconds_count')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // The receiver ran no job and no model call; it serves /metrics on the Slack app's port.
    const receiverText = await (await fetch(`http://127.0.0.1:${servePort}/metrics`)).text();
    expect(receiverText).toContain('# TYPE paperbot_jobs_waiting gauge');
    expect(receiverText).not.toContain('paperbot_jobs_completed_total{');
    expect(sample(receiverText, 'paperbot_model_input_tokens_total')).toBe(0);
    // The shared queue's own numbers are the same from every process.
    expect(sample(receiverText, 'paperbot_queue_completed_jobs')).toBe(1);
    expect(sample(text, 'paperbot_queue_failed_jobs')).toBe(0);

    worker.child.kill('SIGTERM');
    receiver.child.kill('SIGTERM');
    expect(await Promise.all([worker.exited, receiver.exited])).toEqual([0, 0]);
    await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
  }, 60_000);
});
