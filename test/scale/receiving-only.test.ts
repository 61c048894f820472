/**
 * Issue 14 finding 5: a `serve` that only receives (scaled mode, WORKER_IN_SERVE=false) keeps nothing per job. Its
 * jobs run in workers, so nothing here would ever let go of a job's live interaction or its "queued" note: with the
 * real Discord job flow on a receiving-only BullMQ queue (real Redis) against the fake Discord REST API, the notes go
 * out (over the interaction webhook) and nothing stays held; and in a process that runs jobs, an interaction whose
 * job another worker ran is let go after the token's window.
 */
import { REST, type RepliableInteraction } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryLedger, createInProcessQueue } from '../../src/core/queue/index.ts';
import { createMemoryClaims } from '../../src/core/queue/memory-claims.ts';
import type { Summarizer } from '../../src/core/pipeline/summarizer.ts';
import { createChannelPoster } from '../../src/adapters/discord/channel-poster.ts';
import { interactionReply, registerDiscordJobs } from '../../src/adapters/discord/discord-jobs.ts';
import type { DiscordJobPayload } from '../../src/adapters/discord/discord-job.ts';
import type { JobQueue } from '../../src/core/queue/types.ts';
import { createBullmqQueue, type BullmqJobQueue } from '../../src/services/bullmq-queue.ts';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../helpers/fake-discord.ts';
import { deleteKeys, REDIS_URL, redisAvailable, uniqueName } from './redis-test-env.ts';

const SILENT = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const NEVER: Summarizer = {
  summarize: () => {
    throw new Error('this process must not run jobs');
  },
};

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});
const opened: BullmqJobQueue[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((q) => q.close()));
  for (const p of prefixes.splice(0)) await deleteKeys(p);
});

let n = 0;
/** The parts of a slash command's interaction the job flow reads (what discord.js would hand the handler). */
function interaction(edits: string[]): RepliableInteraction {
  n += 1;
  const id = String(1_500_000_000_000_000_000n + BigInt(n));
  return {
    id,
    applicationId: fake.appId,
    token: `tok-held-${id}`,
    channelId: '1300000000000000002',
    guildId: '1300000000000000001',
    editReply: async (m: { content?: string }) => {
      edits.push(String(m.content ?? ''));
      return { id: `m-${id}` };
    },
  } as unknown as RepliableInteraction;
}

function flow(queue: JobQueue, windowMs: number) {
  const rest = new REST({ api: fake.apiUrl }).setToken('test-discord-token');
  return registerDiscordJobs(
    queue,
    createDeliveryLedger(createMemoryClaims()),
    { rest, poster: createChannelPoster(rest), loaders: {} as never, log: SILENT, windowMs, marginMs: 0, now: Date.now },
    { summarizer: NEVER, log: SILENT },
  );
}

const payload = (ia: RepliableInteraction): DiscordJobPayload => ({
  platform: 'discord',
  language: 'en',
  engine: 'extractive',
  ref: { kind: 'link', input: 'https://arxiv.org/abs/2501.04217' },
  describe: 'held test',
  reply: interactionReply(ia, Date.now()),
});

describe.skipIf(!redisAvailable)('what a receiving-only serve keeps per job', () => {
  it('nothing: every job is told its place in line, and nothing is held afterwards', async () => {
    const prefix = uniqueName('held');
    prefixes.push(prefix);
    const queue = createBullmqQueue({ url: REDIS_URL, prefix, process: false, concurrency: 1 });
    opened.push(queue);
    const submit = flow(queue, 15 * 60_000);
    const edits: string[] = [];
    const ias = Array.from({ length: 5 }, () => interaction(edits));
    for (const ia of ias) await submit(payload(ia), { user: 'u', channel: 'c' }, ia);
    // No worker runs: each job waits, and its note goes over the interaction webhook (REST), not the live object.
    await waitFor('five queue notes', () => ias.every((ia) => fake.callsFor(ia.token).some((c) => c.method === 'PATCH')));
    const notes = ias.map((ia) => String((fake.callsFor(ia.token).find((c) => c.method === 'PATCH')!.body as { content?: string }).content));
    expect(notes).toEqual([1, 2, 3, 4, 5].map((p) => expect.stringContaining(`Queued, position ${p}`)));
    expect(edits).toEqual([]);
    await waitFor('the notes to settle', () => submit.held() === 0, 5000);
    expect(submit.held()).toBe(0);
  });

});

describe('what a process that runs jobs keeps per job', () => {
  it('lets go of an interaction whose job ran elsewhere once its token window is over', async () => {
    // Never started here: as if another worker took the job.
    const queue = createInProcessQueue();
    const submit = flow(queue, 300);
    const edits: string[] = [];
    const ia = interaction(edits);
    await submit(payload(ia), { user: 'u', channel: 'c' }, ia);
    await waitFor('the queue note through the live interaction', () => edits.length === 1);
    expect(edits[0]).toContain('Queued, position 1');
    expect(submit.held()).toBe(1);
    await waitFor('the interaction to be let go', () => submit.held() === 0, 3000);
  });
});
