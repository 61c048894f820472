/** The embeds and message text: every Discord limit, and mention neutralizing. Pure. */
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS as L } from '../../../src/adapters/discord/limits.ts';
import { chunkText, embedChars, renderEmbeds } from '../../../src/adapters/discord/render-embeds.ts';
import { clip, neutralize } from '../../../src/adapters/discord/neutralize.ts';
import { safeContent, toRestMessage } from '../../../src/adapters/discord/outgoing.ts';
import type { SummaryResult } from '../../../src/core/types.ts';

const SHA = 'a'.repeat(64);

function result(over: Partial<SummaryResult> = {}): SummaryResult {
  return {
    title: 'A Study of Things',
    titleOriginal: 'A Study of Things',
    authors: ['Ada Lovelace', 'Alan Turing'],
    affiliation: 'Analytical Engine Lab',
    keywords: ['things', 'study'],
    links: { paper: 'https://arxiv.org/abs/2401.00001', code: 'https://github.com/x/y' },
    summary: { background: 'Background.', priorWork: 'Prior work.', method: 'Method.', results: 'Results.' },
    language: 'en',
    engine: 'llm',
    model: 'gpt-4o-mini',
    cached: false,
    source: { sha256: SHA, pages: 12, fileName: 'p.pdf' },
    usage: null,
    ...over,
  };
}

function expectWithinLimits(embeds: ReturnType<typeof renderEmbeds>['embeds']) {
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(L.embeds);
  expect(embedChars(embeds)).toBeLessThanOrEqual(L.embedTotal);
  for (const e of embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(L.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(L.embedDescription);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(L.footerText);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(L.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
  }
}

describe('renderEmbeds', () => {
  it('renders a normal summary in one embed, untruncated, with the paper link as the title link', () => {
    const r = renderEmbeds(result());
    expect(r.truncated).toBe(false);
    expect(r.embeds).toHaveLength(1);
    expect(r.embeds[0]!.title).toBe('A Study of Things');
    expect(r.embeds[0]!.url).toBe('https://arxiv.org/abs/2401.00001');
    expect(r.embeds[0]!.description).toBeUndefined();
    expect(r.embeds[0]!.fields!.map((f) => f.name)).toEqual(['Authors', 'Affiliation', 'Keywords', 'Links', '(1) Background', '(2) Prior work and motivation', '(3) Method', '(4) Results']);
    expect(r.embeds[0]!.footer!.text).toBe('summarized with gpt-4o-mini · 12 pages');
    expect(r.markdown).toContain('## (4) Results');
  });

  it('shows the printed title when the output-language title differs, and Chinese labels', () => {
    const r = renderEmbeds(result({ title: '关于事物的研究', language: 'zh', cached: true }));
    expect(r.embeds[0]!.description).toBe('*A Study of Things*');
    expect(r.embeds[0]!.fields![0]!.name).toBe('作者');
    expect(r.embeds[0]!.footer!.text).toContain('之前已总结过');
  });

  it('keeps every limit with absurdly long parts, using the room it has', () => {
    const huge = (what: string, n: number) => Array.from({ length: n }, (_, i) => `${what} sentence ${i} goes on for a while.`).join(' ');
    const r = renderEmbeds(
      result({
        title: 'T'.repeat(1000),
        titleOriginal: 'O'.repeat(10_000),
        authors: Array.from({ length: 500 }, (_, i) => `Author ${i}`),
        affiliation: 'A'.repeat(5000),
        keywords: Array.from({ length: 500 }, (_, i) => `kw${i}`),
        links: { paper: `https://example.org/${'p'.repeat(3000)}`, code: null },
        summary: { background: huge('bg', 400), priorWork: huge('pw', 400), method: huge('m', 400), results: huge('r', 400) },
      }),
    );
    expectWithinLimits(r.embeds);
    expect(r.truncated).toBe(true);
    expect(r.embeds[0]!.url).toBeUndefined(); // over 2,048 characters
    expect(r.embeds.at(-1)!.footer!.text).toContain('summary.md');
    expect(embedChars(r.embeds)).toBeGreaterThan(5500); // the room is used, not wasted
    expect(r.markdown).toContain('r sentence 399');
  });

  it('continues a long point in further fields and gives the short points all they need', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Line ${i} of a long background.`).join('\n');
    const r = renderEmbeds(result({ summary: { background: long, priorWork: 'p', method: 'm', results: 'r' } }));
    expectWithinLimits(r.embeds);
    expect(r.truncated).toBe(true);
    const fields = r.embeds.flatMap((e) => e.fields ?? []);
    expect(fields.filter((f) => f.name === '\u200B').length).toBeGreaterThanOrEqual(3);
    expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['p', 'm', 'r']));
    expect(renderEmbeds(result({ summary: { background: 'x '.repeat(2000), priorWork: '', method: '', results: '' } })).embeds[0]!.fields!.at(-1)!.value).toBe('None');
  });

  it('neutralizes pings and masked links in model output', () => {
    const r = renderEmbeds(result({ summary: { background: '@everyone <@123456789> <@&987654321> [x](https://evil.example)', priorWork: '@here', method: '<#12345678>', results: '</summarize:12345678>' } }));
    const json = JSON.stringify(r.embeds);
    for (const bad of ['@everyone', '@here', '<@123456789>', '<@&987', '<#123', '</summarize:', '](https']) expect(json).not.toContain(bad);
  });
});

describe('renderEmbeds: the title links only to a verified identifier', () => {
  it.each([
    'https://arxiv.org/abs/2401.00001',
    'https://arxiv.org/abs/2401.00001v3',
    'https://arxiv.org/abs/hep-th/9901001',
    'https://doi.org/10.1145/3580305.3599255',
  ])('%s (an arXiv id or DOI, also the one the request named) links the title', (paper) => {
    expect(renderEmbeds(result({ links: { paper, code: null } })).embeds[0]!.url).toBe(paper);
  });

  it.each([
    'https://evil.example/login', // any link that merely occurs in an uploaded PDF
    'https://evil.example/arxiv.org/abs/2401.00001',
    'https://arxiv.org.evil.example/abs/2401.00001',
    'http://arxiv.org/abs/2401.00001',
    'https://doi.org.evil.example/10.1/x',
    'https://arxiv.org/abs/2401.00001?next=https://evil.example',
  ])('%s stays plain text in the Links field: no title link', (paper) => {
    const embed = renderEmbeds(result({ links: { paper, code: 'https://github.com/x/y' } })).embeds[0]!;
    expect(embed.url).toBeUndefined();
    expect(embed.title).toBe('A Study of Things');
    expect(embed.fields!.find((f) => f.name === 'Links')!.value).toBe(`Paper: ${paper}\nGithub: https://github.com/x/y`);
  });
});

describe('chunkText, clip, neutralize and content', () => {
  it('chunks at spaces within the limit and keeps all the text', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const parts = chunkText(text, 100);
    expect(parts.every((p) => p.length <= 100 && p.length > 0)).toBe(true);
    expect(parts.join(' ')).toBe(text);
    expect(chunkText('x'.repeat(250), 100).map((p) => p.length)).toEqual([100, 100, 50]);
  });

  it('never cuts a surrogate pair', () => {
    const s = '😀'.repeat(10);
    expect(clip(s, 6)).toBe('😀😀…');
    expect(chunkText(s, 5).every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('keeps message content within 2,000 characters and without pings', () => {
    expect(safeContent('a'.repeat(5000)).length).toBe(L.content);
    expect(safeContent('hi @everyone')).toBe('hi @\u200Beveryone');
    expect(neutralize('mail me at a@b.org')).toBe('mail me at a@b.org');
    const { body } = toRestMessage({ content: '@here' }, '42');
    expect(body).toEqual({ content: '@\u200Bhere', allowed_mentions: { parse: [] }, message_reference: { message_id: '42', fail_if_not_exists: false } });
  });
});


describe('renderEmbeds: evidence', () => {
  it('puts the pages each point draws on in the field name', () => {
    const { embeds } = renderEmbeds(result({ sources: { background: [1], priorWork: [], method: [2, 3], results: [4] } }));
    const names = embeds.flatMap((e) => e.fields ?? []).map((f) => f.name);
    expect(names.some((n) => n.endsWith('(p. 2, 3)'))).toBe(true);
    expect(names.filter((n) => /\(p\. /.test(n))).toHaveLength(3);
  });
});
