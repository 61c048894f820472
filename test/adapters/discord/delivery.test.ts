/**
 * Exactly-once delivery on Discord (issue 7): a /summarize job that the queue runs three times edits its reply with
 * one summary; a job given up for good says so in the reply instead of leaving "working…" there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/fake-discord.ts';
import { attachment, slashCommand } from '../../helpers/discord-interactions.ts';
import { bodyOf, lastEdit, startDiscordHarness } from '../../helpers/discord-harness.ts';
import { redeliveringQueue } from '../../helpers/redelivering-queue.ts';

const PDF = readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url));

describe('Discord: one answer per job however often the queue runs it', () => {
  it('edits the reply with the summary once when the job runs three times', async () => {
    const { queue } = redeliveringQueue(['normal', 'normal', 'normal']);
    const h = await startDiscordHarness({ queue: () => queue });
    try {
      const url = h.fake.serveCdn('attachments/7/7/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
      const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
      h.fake.dispatch('INTERACTION_CREATE', ia);
      await waitFor('the summary', () => h.fake.callsFor(ia.token).some((c) => c.method === 'PATCH' && (bodyOf(c).embeds ?? []).length > 0));
      await queue.onIdle();
      await h.bot.idle();
      const summaries = h.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH' && (bodyOf(c).embeds ?? []).length > 0);
      expect(summaries).toHaveLength(1);
      // Nothing after it either (no "picked up again" over the summary).
      expect(lastEdit(h.fake, ia.token)).toBe(summaries[0]);
    } finally {
      await h.close();
    }
  });

  it('says in the reply that the job was given up, once', async () => {
    const { queue, jobs, failures } = redeliveringQueue([]);
    const h = await startDiscordHarness({ queue: () => queue });
    try {
      const url = h.fake.serveCdn('attachments/7/7/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
      const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
      h.fake.dispatch('INTERACTION_CREATE', ia);
      await waitFor('the job', () => jobs.length === 1);
      const notify = failures.get('discord')!;
      await notify(jobs[0]!, 'job stalled more than allowable limit');
      await notify(jobs[0]!, 'again');
      const edits = h.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH');
      expect(edits).toHaveLength(1);
      expect(String(bodyOf(edits[0]!).content)).toMatch(/^❌ Sorry, I could not summarize this paper/);
    } finally {
      await h.close();
    }
  });
});
