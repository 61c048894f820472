/** The terminal printer: finished lines once each, the rest of the final text at the end, and what it does when the final text differs. */
import { describe, expect, it } from 'vitest';
import { createDraftPrinter } from '../../src/cli/draft-printer.ts';
import { summaryDraft } from '../../src/core/reply/draft-summary.ts';
import { makeStructure } from '../helpers/structure-fixture.ts';

const ctx = { structure: makeStructure(), language: 'en' as const };
const REPLY = `1. Title: A Study of Things
2. Authors: Ada Lovelace, Charles Babbage
3. Affiliation: Analytical Engine Society
4. Keywords: things, study
5. Urls: None, Github: None
6. Summary:
  (1): Engines matter.
  (2): Past engines were slow.
  (3): The paper proposes a faster engine.
  (4): It is 3x faster on the benchmark.`;
const FINAL = `1. Title: A Study of Things
2. Authors: Ada Lovelace, Charles Babbage
3. Affiliation: Analytical Engine Society
4. Keywords: things, study
5. Urls: None, Github: None
6. Summary:
  (1): Engines matter.
  (2): Past engines were slow.
  (3): The paper proposes a faster engine.
  (4): It is 3x faster on the benchmark.`;
const upTo = (marker: string) => summaryDraft(REPLY.slice(0, REPLY.indexOf(marker) + marker.length), false, ctx);

function printer(prefix = '') {
  const out: string[] = [];
  const notes: string[] = [];
  const p = createDraftPrinter({ line: (l) => void out.push(l), note: (n) => void notes.push(n) }, prefix);
  return { p, out, notes };
}

describe('createDraftPrinter', () => {
  it('prints each finished line once, then the rest: together exactly the final text', () => {
    const { p, out, notes } = printer('\n# paper.pdf\n');
    p.draft(upTo('2. Auth'));
    expect(out).toEqual([]); // the title is still being written (item 2's label is not whole yet)
    p.draft(upTo('3. Affiliation: Ana'));
    p.draft(upTo('3. Affiliation: Analytical Engine'));
    expect(out).toEqual(['\n# paper.pdf\n1. Title: A Study of Things', '2. Authors: Ada Lovelace, Charles Babbage']);
    p.draft(upTo('(3): The'));
    p.finish(FINAL);
    expect(out.join('\n')).toBe(`\n# paper.pdf\n${FINAL}`);
    expect(notes).toEqual([]);
  });

  it('a final text that differs from what was printed follows in full, with a note', () => {
    const { p, out, notes } = printer();
    p.draft(upTo('4. Keywords'));
    const changed = FINAL.replace('Ada Lovelace, Charles Babbage', 'Ada Lovelace');
    p.finish(changed);
    expect(notes).toHaveLength(1);
    expect(out.at(-1)).toBe(`\n${changed}`);
  });

  it('a stream that starts over is said, and printed again from its first line', () => {
    const { p, out, notes } = printer();
    p.draft(upTo('3. Affiliation'));
    p.draft(summaryDraft('', false, ctx));
    expect(notes).toEqual(["the model's answer broke off; it is written again below"]);
    p.draft(upTo('3. Affiliation'));
    p.finish(FINAL);
    expect(out.slice(0, 2)).toEqual(['1. Title: A Study of Things', '1. Title: A Study of Things']);
    expect(out.slice(1).join('\n')).toBe(FINAL);
  });

  it('nothing streamed: the final text in one piece, as without a terminal', () => {
    const { p, out } = printer('\n');
    p.finish(FINAL);
    expect(out).toEqual([`\n${FINAL}`]);
  });
});
