/**
 * The summary being written as message content: neutralized like the final summary (no pings, no masked links) and
 * within Discord's 2,000 characters. A longer draft keeps its first line (the title) and as many of its last lines
 * as fit, so the words being written stay in view. Pure.
 */
import { DISCORD_LIMITS } from './limits.ts';
import { neutralize } from './neutralize.ts';

const GAP = '…';

export function draftContent(text: string, max: number = DISCORD_LIMITS.content): string {
  const safe = neutralize(text);
  if (safe.length <= max) return safe;
  const lines = safe.split('\n');
  const head = lines[0]!;
  // A title too long to keep (over half the room) goes with the other finished lines.
  const withHead = head.length + 1 + GAP.length <= max / 2;
  const kept: string[] = [];
  let room = withHead ? max - head.length - 1 - GAP.length : max - GAP.length;
  for (let i = lines.length - 1; i > 0 && lines[i]!.length + 1 <= room; i--) {
    kept.unshift(lines[i]!);
    room -= lines[i]!.length + 1;
  }
  if (kept.length === 0) {
    // The line being written alone is too long: its end, where the words appear.
    const last = lines.at(-1)!;
    const tail = last.slice(last.length - (max - GAP.length)).replace(/^[\uDC00-\uDFFF]/, '');
    return `${GAP}${tail}`;
  }
  return [...(withHead ? [head] : []), GAP, ...kept].join('\n');
}
