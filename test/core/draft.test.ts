/**
 * The summary read while the model writes it: finished fields in order, each checked against the paper at once, the
 * field being written, the six-item text of a draft, and the reporter's pace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryFromReply } from '../../src/core/pipeline/summary-from-reply.ts';
import { FIELD_ORDER, readReplyDraft } from '../../src/core/reply/draft.ts';
import { createDraftReporter } from '../../src/core/reply/draft-reporter.ts';
import { summaryDraft, type SummaryDraft } from '../../src/core/reply/draft-summary.ts';
import { draftLines, renderDraftText, settledLines } from '../../src/core/reply/draft-text.ts';
import { parseSummaryReply, type ParsedSummary, type SummaryField } from '../../src/core/reply/parse-summary.ts';
import { renderText } from '../../src/core/reply/render-text.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { LLM_OUTPUTS_DIR, sharedAvailable } from '../helpers/shared.ts';
import { makeStructure } from '../helpers/structure-fixture.ts';

const paper = makeStructure({
  arxivId: '2401.01234',
  githubUrls: ['https://github.com/lab/real-code'],
  pages: [{ num: 1, text: 'A Study of Things\nAda Lovelace, Charles Babbage\nCode: https://github.com/lab/real-code\nMore text.' }],
});
const ctx = { structure: paper, language: 'en' as const };

const REPLY = `1. Title: A Study of Things
2. Authors: Ada Lovelace, Charles Babbage, Invented Person
3. Affiliation: Analytical Engine Society
4. Keywords: things, study
5. Urls: https://arxiv.org/abs/2401.01234, Github: https://github.com/evil/not-in-paper
6. Summary:
  (1): Engines matter.
  (2): Past engines were slow.
  (3): The paper proposes a faster engine.
  (4): It is 3x faster on the benchmark.`;

/** The field's value as the model wrote it. */
function claimed(p: ParsedSummary, f: SummaryField): unknown {
  if (f === 'title') return [p.title, p.titleOriginal];
  if (f === 'links') return [p.paperLink, p.codeLink];
  if (f === 'authors' || f === 'affiliation' || f === 'keywords') return p[f];
  return p.summary[f];
}

/** Every `step` characters, as a stream would deliver them. */
function* slices(text: string, step: number): Generator<string> {
  for (let i = step; i < text.length; i += step) yield text.slice(0, i);
  yield text;
}

/** The reports a whole stream gives, with a clock that moves `msPerPiece` per piece. */
function reports(text: string, step: number, msPerPiece = 20): SummaryDraft[] {
  const out: SummaryDraft[] = [];
  let t = 0;
  const r = createDraftReporter({ ...ctx, report: (d) => out.push(d), now: () => (t += msPerPiece) });
  for (const s of slices(text, step)) r.onText(s);
  r.end(text);
  return out;
}

const asResult = (s: ReturnType<typeof summaryFromReply>): SummaryResult => ({
  ...s,
  engine: 'llm',
  model: 'm',
  cached: false,
  source: { sha256: '', pages: 1, fileName: 'p.pdf' },
  usage: null,
});

describe('readReplyDraft', () => {
  it('finishes a field when the next one starts, in format order, and ends equal to the final parse', () => {
    const seen: string[] = [];
    for (const s of slices(REPLY, 3)) {
      const d = readReplyDraft(s, false);
      const key = `${d.finished.length}:${d.writing?.field ?? '-'}`;
      if (seen.at(-1) !== key) seen.push(key);
    }
    expect(seen).toEqual(['0:-', '0:title', '1:authors', '2:affiliation', '3:keywords', '4:links', '5:background', '6:priorWork', '7:method', '8:results']);
    const end = readReplyDraft(REPLY, true);
    expect(end.finished).toEqual(FIELD_ORDER);
    expect(end.writing).toBeNull();
    expect(end.parsed).toEqual(parseSummaryReply(REPLY).parsed);
  });

  it('shows the field being written as it grows; a half-typed label waits; links wait for their check', () => {
    const at = (marker: string, extra = 0) => readReplyDraft(REPLY.slice(0, REPLY.indexOf(marker) + marker.length + extra), false);
    expect(at('1. Title: A Study')).toMatchObject({ finished: [], writing: { field: 'title', text: 'A Study' } });
    // "2. Auth" could still be any label: the title is not yet finished and nothing of item 2 shows.
    expect(at('2. Auth')).toMatchObject({ finished: [], writing: { field: 'title', text: 'A Study of Things' } });
    expect(at('2. Authors: Ada')).toMatchObject({ finished: ['title'], writing: { field: 'authors', text: 'Ada' } });
    expect(at('5. Urls: https://arxiv.org/abs/24')).toMatchObject({ writing: { field: 'links', text: '' } });
    expect(at('(3): The paper')).toMatchObject({ writing: { field: 'method', text: 'The paper' } });
  });

  it('shows nothing of a refusal or a filled-in template', () => {
    expect(readReplyDraft('I am sorry, but I cannot help with summarizing this paper.', true)).toMatchObject({ finished: [], writing: null });
    const template = '1. Title: xxx\n2. Authors: xxx\n3. Affiliation: xxx\n4. Keywords: xxx';
    expect(readReplyDraft(template, false)).toMatchObject({ finished: [], writing: null });
  });
});

describe('summary drafts are checked against the paper as each field finishes', () => {
  it('an invented link is never shown as a link: the paper’s own or none; invented authors are left out', () => {
    const whileWritingSummary = summaryDraft(REPLY.slice(0, REPLY.indexOf('(2)')), false, ctx);
    expect(whileWritingSummary.finished).toEqual(['title', 'authors', 'affiliation', 'keywords', 'links']);
    expect(whileWritingSummary.fields.links).toEqual({ paper: 'https://arxiv.org/abs/2401.01234', code: null });
    expect(whileWritingSummary.fields.authors).toEqual(['Ada Lovelace', 'Charles Babbage']);
    const text = renderDraftText(whileWritingSummary);
    expect(text).not.toContain('evil');
    expect(text).toContain('5. Urls: https://arxiv.org/abs/2401.01234, Github: None');
    // While item 5 is written, its text (links not yet checked) is held back entirely.
    const writingLinks = summaryDraft(REPLY.slice(0, REPLY.indexOf('not-in-paper')), false, ctx);
    expect(writingLinks.writing).toEqual({ field: 'links', text: '' });
    expect(renderDraftText(writingLinks)).not.toMatch(/evil|github\.com/);
  });

  it('the request’s own paper link is what its draft shows, as in its final summary', () => {
    const d = summaryDraft(REPLY, true, { ...ctx, knownPaperUrl: 'https://doi.org/10.1/x' });
    expect(d.fields.links?.paper).toBe('https://doi.org/10.1/x');
  });

  it('renders the same lines as the final text, and the field being written with a cursor', () => {
    const final = renderText(asResult(summaryFromReply(parseSummaryReply(REPLY).parsed, paper, 'en')));
    expect(renderDraftText(summaryDraft(REPLY, true, ctx))).toBe(final);
    const mid = summaryDraft(REPLY.slice(0, REPLY.indexOf('(3): The paper') + 14), false, ctx);
    expect(renderDraftText(mid, '▍')).toBe(`${final.split('\n').slice(0, 8).join('\n')}\n  (3): The paper▍`);
    expect(draftLines(mid).map((l) => [l.field, l.finished])).toEqual([
      ['title', true],
      ['authors', true],
      ['affiliation', true],
      ['keywords', true],
      ['links', true],
      [null, true],
      ['background', true],
      ['priorWork', true],
      ['method', false],
    ]);
    expect(renderDraftText(summaryDraft('', false, ctx))).toBe('');
  });

  it('settled lines stop at the first field that is missing', () => {
    const noAffiliation = REPLY.replace('3. Affiliation: Analytical Engine Society\n', '');
    const d = summaryDraft(noAffiliation, true, ctx);
    expect(d.finished).not.toContain('affiliation');
    expect(renderDraftText(d)).toContain('4. Keywords');
    expect(settledLines(d)).toEqual(['1. Title: A Study of Things', '2. Authors: Ada Lovelace, Charles Babbage']);
  });
});

describe('createDraftReporter', () => {
  it('reports at most once per 250 ms, plus once as each field finishes, and never the same draft twice', () => {
    const fast = reports(REPLY, 1, 1); // 1 ms per character: the pace alone would allow ~1 report in the whole reply
    const finishedCounts = fast.map((d) => d.finished.length);
    expect(new Set(finishedCounts)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(fast.length).toBeLessThan(20);
    expect(fast.at(-1)).toMatchObject({ ended: true, writing: null, finished: FIELD_ORDER });
    const slow = reports(REPLY, 1, 100); // 100 ms per character: every read that shows something new is reported
    expect(slow.length).toBeGreaterThan(fast.length * 5);
    for (const [i, d] of slow.entries()) if (i > 0) expect(JSON.stringify(d)).not.toBe(JSON.stringify(slow[i - 1]));
  });

  it('a stream that starts over is reported at once, from nothing', () => {
    const out: SummaryDraft[] = [];
    const r = createDraftReporter({ ...ctx, report: (d) => out.push(d), now: () => 0 });
    r.onText(REPLY.slice(0, 60));
    r.onText('');
    expect(out.map((d) => d.finished.length)).toEqual([1, 0]);
    expect(out.at(-1)?.writing).toBeNull();
  });
});

describe.skipIf(!sharedAvailable)('drafts of real model outputs (../shared/llm-outputs), fed in small slices', () => {
  const samples = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '15'];
  it.each(samples)('sample_%s: fields come in order, a finished field never changes, the end equals the final parse', (id) => {
    const text = readFileSync(path.join(LLM_OUTPUTS_DIR, `sample_${id}.txt`), 'utf8');
    const final = parseSummaryReply(text);
    for (const step of [5, 17]) {
      for (const s of slices(text, step)) {
        const d = readReplyDraft(s, false);
        for (const f of d.finished) expect(claimed(d.parsed, f), `sample_${id} step ${step} field ${f}`).toEqual(claimed(final.parsed, f));
      }
      const seen = reports(text, step);
      for (const [i, d] of seen.entries()) {
        const prev = seen[i - 1];
        if (prev) expect(prev.finished.every((f, k) => d.finished[k] === f), `sample_${id} step ${step}: ${prev.finished} then ${d.finished}`).toBe(true);
      }
      const end = seen.at(-1)!;
      expect(end.ended).toBe(true);
      expect(end.finished).toEqual(FIELD_ORDER.filter((f) => !final.missing.includes(f)));
    }
    expect(readReplyDraft(text, true).parsed).toEqual(final.parsed);
  });
});
