/**
 * Exactly-once delivery over at-least-once processing (issue 7): the queue may run a job again (a worker died after
 * posting, a handler was retried, a shutdown handed it back), and the thread still gets one placeholder and one
 * summary; a job given up for good tells the thread so. The queue here is a test double of our own JobQueue that runs
 * each job several times in a row, as a redelivering queue would.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryClaims } from '../../../src/core/queue/memory-claims.ts';
import { realPipeline } from '../../helpers/real-summarizer.ts';
import { redeliveringQueue } from '../../helpers/redelivering-queue.ts';
import { fileShareEvent, pdfFile, reactions, startSlackHarness, summaryUpdates, useFakeSlack } from '../../helpers/slack-harness.ts';

const placeholders = (slack: ReturnType<ReturnType<typeof useFakeSlack>>, channel: string) => slack.callsIn(channel, 'chat.postMessage');

describe('Slack: one answer per job however often the queue runs it', () => {
  const slack = useFakeSlack();

  it('posts once when a job is run again after its summary went out', async () => {
    const { queue } = redeliveringQueue(['normal', 'normal', 'normal']);
    const h = await startSlackHarness({ slack: slack(), queue, services: { ...realPipeline(), claims: createMemoryClaims() } });
    try {
      const ev = fileShareEvent('C0TWICE', pdfFile(slack(), 'F0TWICE'));
      await h.send(ev);
      await h.settled(ev.event_id);
      await queue.onIdle();
      expect(placeholders(slack(), 'C0TWICE')).toHaveLength(1);
      expect(summaryUpdates(slack(), 'C0TWICE')).toHaveLength(1);
      expect(reactions(slack().callsIn('C0TWICE'))).toEqual(['eyes', 'white_check_mark']);
    } finally {
      await h.close();
    }
  });

  it('edits the same placeholder when a handed-back job runs again', async () => {
    const { queue } = redeliveringQueue(['handed-back', 'normal']);
    const h = await startSlackHarness({ slack: slack(), queue, services: { ...realPipeline(), claims: createMemoryClaims() } });
    try {
      const ev = fileShareEvent('C0RESUME', pdfFile(slack(), 'F0RESUME'));
      await h.send(ev);
      await h.settled(ev.event_id);
      await queue.onIdle();
      const posted = placeholders(slack(), 'C0RESUME').map((c) => String(c.params.text));
      // One placeholder, and the note that the job was picked up again; no second placeholder.
      expect(posted).toHaveLength(2);
      expect(posted[1]).toMatch(/Picked up again/);
      const edits = slack().callsIn('C0RESUME', 'chat.update');
      // Handed back ("restarting"), then taken up again: every edit, the summary too, goes to that one message.
      expect(edits.map((e) => String(e.params.text))).toContainEqual(expect.stringMatching(/Restarting/));
      expect(new Set(edits.map((e) => e.params.ts)).size).toBe(1);
      expect(summaryUpdates(slack(), 'C0RESUME')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('tells the thread when a job is given up for good, once, and never after its answer went out', async () => {
    const { queue, jobs, failures } = redeliveringQueue([]);
    const h = await startSlackHarness({ slack: slack(), queue, services: { ...realPipeline(), claims: createMemoryClaims() } });
    try {
      const ev = fileShareEvent('C0GAVEUP', pdfFile(slack(), 'F0GAVEUP'));
      await h.send(ev);
      await h.settled(ev.event_id);
      expect(jobs).toHaveLength(1);
      const notify = failures.get('slack')!;
      await notify(jobs[0]!, 'job stalled more than allowable limit');
      const said = placeholders(slack(), 'C0GAVEUP').map((c) => String(c.params.text));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/could not summarize this paper/);
      expect(said[0]).not.toMatch(/stalled/); // the reason is for the log
      expect(reactions(slack().callsIn('C0GAVEUP'))).toContain('x');
      // A second notice for the same job (another process saw it fail too) stays silent.
      await notify(jobs[0]!, 'again');
      expect(placeholders(slack(), 'C0GAVEUP')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
