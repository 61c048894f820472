/**
 * Exactly-once and "summarized before" across a restart: two apps one after the other on the same SQLite file
 * (CACHE_URL), built by createServices as `paperbot serve` builds them, against one fake Slack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createServices, type Services } from '../../../src/services/create-services.ts';
import { makePaperPdf } from '../../fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../../fixtures/sample-paper-spec.ts';
import { eventCallback, fileShareEvent, finalUpdate, pdfFile, reactions, startSlackHarness, useFakeSlack, type SlackHarness } from '../../helpers/slack-harness.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'paperbot-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One process's life: services on the SQLite file and the Slack app on top. */
async function startProcess(slack: ReturnType<ReturnType<typeof useFakeSlack>>): Promise<{ services: Services; h: SlackHarness; stop(): Promise<void> }> {
  const services = createServices(loadConfig({ CACHE_URL: `sqlite://${path.join(dir, 'paperbot.sqlite')}`, LOG_LEVEL: 'silent' }));
  const h = await startSlackHarness({ slack, services });
  return {
    services,
    h,
    async stop() {
      await h.close();
      await services.close();
    },
  };
}

describe('Slack app restarted on the same SQLite store', () => {
  const slack = useFakeSlack();

  it('ignores a retry of an answered event, links the first thread, and keeps workspaces apart', async () => {
    const file = pdfFile(slack(), 'F0RESTART', 'restart-paper.pdf');
    const ev = fileShareEvent('C0BEFORE', file);

    const first = await startProcess(slack());
    try {
      await first.h.send(ev);
      expect(await first.h.settled(ev.event_id)).toEqual(['queued']);
      expect(reactions(slack().callsIn('C0BEFORE'))).toEqual(['eyes', 'white_check_mark']);
    } finally {
      await first.stop();
    }

    const second = await startProcess(slack());
    try {
      // Slack retries the event after the restart: nothing new is posted.
      await second.h.send(ev, { retryNum: 1 });
      expect(await second.h.settled(ev.event_id)).toEqual(['duplicate']);
      // Another event about the same upload (same channel and file, new event id): also answered before.
      const sameUpload = fileShareEvent('C0BEFORE', file);
      await second.h.send(sameUpload);
      expect(await second.h.settled(sameUpload.event_id)).toEqual(['duplicate']);
      expect(slack().callsIn('C0BEFORE', 'chat.postMessage')).toHaveLength(1);

      // The same paper in another channel: answered, with a link to the thread from before the restart.
      const again = fileShareEvent('C0AFTER', pdfFile(slack(), 'F0AGAIN', 'same-paper.pdf'));
      await second.h.send(again);
      expect(await second.h.settled(again.event_id)).toEqual(['queued']);
      const blocks = JSON.stringify(finalUpdate(slack(), 'C0AFTER')!.params.blocks);
      expect(blocks).toContain('summarized before');
      expect(blocks).toContain(`<https://fake.slack.com/archives/C0BEFORE/p${ev.event.ts.replace('.', '')}|first thread>`);
      expect(slack().calls.filter((c) => c.method === 'chat.getPermalink').map((c) => c.params)).toContainEqual(expect.objectContaining({ channel: 'C0BEFORE', message_ts: ev.event.ts }));

      // The same paper in another workspace: summarized (from the cache), but with no link into the first workspace.
      const { event } = fileShareEvent('C0OTHERTEAM', pdfFile(slack(), 'F0OTHER', 'same-paper.pdf'));
      const otherTeam = { ...eventCallback(event), team_id: 'T000OTHER' };
      await second.h.send(otherTeam);
      expect(await second.h.settled(otherTeam.event_id)).toEqual(['queued']);
      const otherBlocks = JSON.stringify(finalUpdate(slack(), 'C0OTHERTEAM')!.params.blocks);
      expect(otherBlocks).not.toContain('first thread');
      expect(otherBlocks).not.toContain('C0BEFORE');
      expect(reactions(slack().callsIn('C0OTHERTEAM'))).toEqual(['eyes', 'white_check_mark']);
    } finally {
      await second.stop();
    }
  });

  it('never offers a direct message as the first thread', async () => {
    const other = await makePaperPdf({ ...samplePaperSpec, title: 'A Different Paper Shared First In Private' });
    const proc = await startProcess(slack());
    try {
      const inDm = fileShareEvent('D0PRIVATE', pdfFile(slack(), 'F0DM', 'private.pdf', other));
      await proc.h.send(inDm);
      expect(await proc.h.settled(inDm.event_id)).toEqual(['queued']);
      const inChannel = fileShareEvent('C0PUBLIC', pdfFile(slack(), 'F0PUB', 'public.pdf', other));
      await proc.h.send(inChannel);
      expect(await proc.h.settled(inChannel.event_id)).toEqual(['queued']);
      const publicBlocks = JSON.stringify(finalUpdate(slack(), 'C0PUBLIC')!.params.blocks);
      expect(publicBlocks).toContain('summarized before');
      expect(publicBlocks).not.toContain('D0PRIVATE');
      // The first channel thread is the one offered afterwards.
      const later = fileShareEvent('C0LATER', pdfFile(slack(), 'F0LATER', 'later.pdf', other));
      await proc.h.send(later);
      expect(await proc.h.settled(later.event_id)).toEqual(['queued']);
      expect(JSON.stringify(finalUpdate(slack(), 'C0LATER')!.params.blocks)).toContain('/archives/C0PUBLIC/');
    } finally {
      await proc.stop();
    }
  });
});
