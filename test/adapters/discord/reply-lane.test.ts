/**
 * The lane every write of a Discord job goes through (reply-lane.ts, edit-pace.ts) and the draft as message content
 * (render-draft.ts): latest draft wins, one edit in flight, the final write once and last, a restarted stream shows
 * the status again, a closed lane writes nothing more, the edit budget holds, and a long draft keeps what is written.
 */
import { describe, expect, it } from 'vitest';
import { createEditPace } from '../../../src/adapters/discord/edit-pace.ts';
import { draftContent } from '../../../src/adapters/discord/render-draft.ts';
import { createReplyLane } from '../../../src/adapters/discord/reply-lane.ts';
import { createLog } from '../../../src/adapters/common/log.ts';
import { createLogger } from '../../../src/adapters/common/logger.ts';

const log = createLog(createLogger({ level: 'silent' }), 'test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(editMs = 0) {
  const writes: Array<{ text: string; at: number }> = [];
  let inFlight = 0;
  let most = 0;
  const write = async (text: string) => {
    inFlight++;
    most = Math.max(most, inFlight);
    writes.push({ text, at: Date.now() });
    await sleep(editMs);
    inFlight--;
  };
  return { writes, write, most: () => most };
}

describe('reply lane', () => {
  it('sends only the latest draft, one edit at a time, at least the gap apart', async () => {
    const lane = createReplyLane({ log, draftGapMs: 100 });
    const r = recorder(30);
    for (let i = 1; i <= 30; i++) {
      lane.draft(`draft ${i}`, r.write);
      await sleep(10);
    }
    await lane.last(() => r.write('final'));
    const texts = r.writes.map((w) => w.text);
    expect(texts.at(-1)).toBe('final');
    expect(texts.filter((t) => t === 'final')).toHaveLength(1);
    // ~300 ms of drafts at least 100 ms apart: a handful, never all 30, and each later than the one before.
    const drafts = r.writes.filter((w) => w.text !== 'final');
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts.length).toBeLessThanOrEqual(5);
    const numbers = drafts.map((w) => Number(w.text.split(' ')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    for (let i = 1; i < drafts.length; i++) expect(drafts[i]!.at - drafts[i - 1]!.at).toBeGreaterThanOrEqual(95);
    expect(r.most()).toBe(1);
    // After the final write nothing more.
    lane.draft('too late', r.write);
    await sleep(150);
    expect(r.writes.at(-1)!.text).toBe('final');
  });

  it('shows the last status again when the stream starts over, and writes nothing once closed', async () => {
    const lane = createReplyLane({ log, draftGapMs: 20 });
    const r = recorder();
    await lane.status('Summarizing…', r.write);
    lane.draft('1. Title: Some', r.write);
    await sleep(40);
    lane.draft('', r.write);
    await sleep(40);
    expect(r.writes.map((w) => w.text)).toEqual(['Summarizing…', '1. Title: Some', 'Summarizing…']);
    lane.close();
    lane.draft('1. Title: Something else', r.write);
    await lane.status('Reading…', r.write);
    await sleep(40);
    expect(r.writes).toHaveLength(3);
  });

  it('keeps one slot of the window for the final message', async () => {
    const pace = createEditPace({ limit: 5, windowMs: 400 });
    const lane = createReplyLane({ log, pace, draftGapMs: 0 });
    const r = recorder();
    for (let i = 0; i < 20; i++) {
      lane.draft(`d${i}`, r.write);
      await sleep(15);
    }
    const before = Date.now();
    await lane.last(() => r.write('final'));
    // Drafts never took the fifth slot, so the final did not wait for the window.
    expect(Date.now() - before).toBeLessThan(100);
    const at = r.writes.map((w) => w.at);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5]! - at[i]!).toBeGreaterThan(390);
  });
});

describe('draft content', () => {
  it('is neutralized like the final summary', () => {
    expect(draftContent('1. Title: hi @everyone <@123> [x](https://evil.example)')).toBe('1. Title: hi @\u200Beveryone <\u200B@123> [x]\u200B(https://evil.example)');
  });

  it('keeps the title and the latest lines within 2,000 characters', () => {
    const lines = ['1. Title: A paper', ...Array.from({ length: 12 }, (_, i) => `  (${i}): ${'word '.repeat(60)}`), '  (x): being written …'];
    const text = draftContent(lines.join('\n'));
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.startsWith('1. Title: A paper\n…\n')).toBe(true);
    expect(text.endsWith('  (x): being written …')).toBe(true);
    const huge = draftContent(`1. Title: A\n  (1): ${'x'.repeat(5000)}end`);
    expect(huge.length).toBeLessThanOrEqual(2000);
    expect(huge.endsWith('xend')).toBe(true);
  });
});
