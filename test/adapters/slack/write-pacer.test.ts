/**
 * The per-workspace pacer of streamed writes (Slack allows chat.update about 50 times a minute per workspace): one
 * message at most once a second, all messages of a workspace within the budget, shared fairly, latest text wins, and
 * settle() keeps the pace for the write that follows. Simulated clock (vitest fake timers): minutes pass in
 * milliseconds, and the figures are exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWritePacer } from '../../../src/adapters/slack/write-pacer.ts';

beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => void vi.useRealTimers());

/** Three messages that want a write every 100 ms for `ms`; what each write carried, and when. */
async function stream(pacer: ReturnType<typeof createWritePacer>, keys: string[], ms: number, team = 'T1') {
  const writes: Array<{ key: string; at: number; text: number }> = [];
  for (let t = 0; t < ms; t += 100) {
    for (const key of keys) {
      const text = t;
      pacer.schedule(team, key, async () => void writes.push({ key, at: Date.now(), text }));
    }
    await vi.advanceTimersByTimeAsync(100);
  }
  return writes;
}

const gaps = (ats: number[]) => ats.slice(1).map((a, i) => a - ats[i]!);

describe('write pacer', () => {
  it('one message alone: at most once a second, within the workspace budget, the latest text each time', async () => {
    const pacer = createWritePacer({ perMinute: 45, burst: 3, perMessageMs: 1000 });
    const writes = await stream(pacer, ['m1'], 60_000);
    expect(Math.min(...gaps(writes.map((w) => w.at)))).toBeGreaterThanOrEqual(1000);
    expect(writes.length).toBeLessThanOrEqual(45 + 3);
    expect(writes.length).toBeGreaterThanOrEqual(44);
    // Each write carried the newest text at the time it ran (nothing older was sent after something newer).
    expect(gaps(writes.map((w) => w.text)).every((g) => g > 0)).toBe(true);
    expect(writes[0]!.at).toBe(1_000_000); // the first words go out at once
  });

  it('three messages at once share the workspace budget fairly (≤ 50 a minute in all)', async () => {
    const pacer = createWritePacer({ perMinute: 45, burst: 3, perMessageMs: 1000 });
    const writes = await stream(pacer, ['a', 'b', 'c'], 60_000);
    expect(writes.length).toBeLessThanOrEqual(50);
    expect(writes.length).toBeGreaterThanOrEqual(44);
    for (const key of ['a', 'b', 'c']) {
      const mine = writes.filter((w) => w.key === key);
      expect(mine.length).toBeGreaterThanOrEqual(14);
      expect(mine.length).toBeLessThanOrEqual(17);
      const g = gaps(mine.map((w) => w.at));
      expect(Math.min(...g)).toBeGreaterThanOrEqual(1000);
      // Fewer when several stream: once the burst is spent, each message waits ~4 s between writes.
      expect(g.sort((x, y) => x - y)[Math.floor(g.length / 2)]).toBeGreaterThanOrEqual(3000);
    }
    // Any 60 s window (not just the first minute) holds at most the budget plus the burst.
    const more = await stream(pacer, ['a', 'b', 'c'], 60_000);
    const all = [...writes, ...more].map((w) => w.at);
    for (const start of all) expect(all.filter((a) => a >= start && a < start + 60_000).length).toBeLessThanOrEqual(48);
  });

  it('workspaces have budgets of their own', async () => {
    const pacer = createWritePacer({ perMinute: 45, burst: 3, perMessageMs: 1000 });
    const [one, two] = await Promise.all([stream(pacer, ['a', 'b', 'c'], 30_000, 'T1'), stream(pacer, ['a', 'b', 'c'], 30_000, 'T2')]);
    expect(one.length).toBeGreaterThanOrEqual(22);
    expect(two.length).toBeGreaterThanOrEqual(22);
  });

  it('settle drops the queued write, waits for the running one and then for the message to be writable again', async () => {
    const pacer = createWritePacer({ perMinute: 45, burst: 3, perMessageMs: 1000 });
    const done: string[] = [];
    let release!: () => void;
    pacer.schedule('T1', 'm', () => new Promise<void>((r) => (release = () => (done.push('first'), r()))));
    pacer.schedule('T1', 'm', async () => void done.push('queued'));
    let settled = false;
    const settling = pacer.settle('T1', 'm').then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(settled).toBe(false); // the first write is still running
    release(); // answered at 500 ms
    await vi.advanceTimersByTimeAsync(600);
    expect(settled).toBe(false); // one second since the first write was answered has not passed (1,100 ms)
    await vi.advanceTimersByTimeAsync(500);
    await settling;
    expect(done).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(done).toEqual(['first']);
  });
});
