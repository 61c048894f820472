import { describe, expect, it } from 'vitest';
import { escapeSlack, slackLink } from '../../../src/adapters/slack/escape.ts';
import { renderBlocks, SLACK_LIMITS, type Block } from '../../../src/adapters/slack/render-blocks.ts';
import { renderText } from '../../../src/core/reply/render-text.ts';
import type { SummaryResult } from '../../../src/core/types.ts';

function result(over: Partial<SummaryResult> = {}): SummaryResult {
  return {
    title: 'Section-Aware Budgeting for Long Papers',
    titleOriginal: 'Section-Aware Budgeting for Long Papers',
    authors: ['Ada Lovelace', 'Alan Turing'],
    affiliation: 'University of Somewhere',
    keywords: ['summarization', 'token budget'],
    links: { paper: 'https://arxiv.org/abs/2401.00001', code: 'https://github.com/example/budget' },
    summary: { background: 'Background text.', priorWork: 'Prior work text.', method: 'Method text.', results: 'Results text.' },
    language: 'en',
    engine: 'llm',
    model: 'gpt-4o-mini',
    cached: false,
    source: { sha256: 'ab'.repeat(32), pages: 12, fileName: 'paper.pdf' },
    usage: { inputTokens: 100, outputTokens: 50, requests: 1 },
    ...over,
  };
}

function texts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'header') out.push(b.text.text);
    if (b.type === 'section') {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    }
    if (b.type === 'context') for (const e of b.elements) if ('text' in e && typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

function assertWithinLimits(blocks: Block[]): void {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    }
  }
  expect(texts(blocks).join('').length).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockChars);
}

describe('escapeSlack', () => {
  it('escapes &, <, > so no mention, channel link or URL markup can form', () => {
    const out = escapeSlack('a & b <!channel> <!here> <!everyone> <@U123> <#C1|x> <https://evil|click>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toContain('&amp; b &lt;!channel&gt;');
    expect(out).toContain('&lt;@U123&gt;');
  });

  it('neutralizes bare @channel, @here, @everyone (also full-width @)', () => {
    const out = escapeSlack('@channel @Here @everyone ＠channel mail@example.org');
    for (const w of ['@channel', '@Here', '@everyone', '＠channel']) expect(out).not.toContain(w);
    expect(out).toContain('@\u200Dchannel');
    expect(out).toContain('mail@example.org');
  });

  it('builds links only from plain http(s) URLs', () => {
    expect(slackLink('https://arxiv.org/abs/1?a=1&b=2', 'arXiv')).toBe('<https://arxiv.org/abs/1?a=1&amp;b=2|arXiv>');
    expect(slackLink('javascript:alert(1)', 'x')).toBe('javascript:alert(1)');
    expect(slackLink('https://x.org/<!channel>', 'x')).not.toContain('<!channel>');
  });
});

describe('renderBlocks', () => {
  it('renders header, fields, four points and a context line; text is the six-item form', () => {
    const r = result();
    const m = renderBlocks(r);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: r.title, emoji: false } });
    const fieldsBlock = m.blocks.find((b) => b.type === 'section' && b.fields);
    expect(fieldsBlock && 'fields' in fieldsBlock ? fieldsBlock.fields!.map((f) => f.text.split('\n')[0]) : []).toEqual(['*Authors*', '*Affiliation*', '*Keywords*', '*Links*']);
    const all = texts(m.blocks).join('\n');
    for (const p of ['(1) Background', '(2) Prior work', '(3) Method', '(4) Results', 'Method text.', 'gpt-4o-mini', '12 pages']) expect(all).toContain(p);
    expect(m.text).toBe(renderText(r));
    expect(m.truncated).toBe(false);
    expect(m.fullMarkdown).toContain('## (3) Method');
  });

  it('says extractive and summarized before when so; labels follow the language', () => {
    const zh = renderBlocks(result({ language: 'zh', engine: 'extractive', model: null, cached: true }));
    const all = texts(zh.blocks).join('\n');
    expect(all).toContain('抽取式');
    expect(all).toContain('extractive');
    expect(all).toContain('summarized before');
    expect(all).toContain('*作者*');
    expect(all).toContain('(1) 研究背景');
    expect(zh.text).toMatch(/^1\. 标题: /);
  });

  it('shows the printed title under a translated one', () => {
    const m = renderBlocks(result({ language: 'zh', title: '长论文的分节预算', titleOriginal: 'Section-Aware Budgeting' }));
    expect(texts(m.blocks)[1]).toBe('_Section-Aware Budgeting_');
  });

  it('fits an over-long summary into every Slack limit, marks it shortened and keeps the full text', () => {
    const long = (s: string) => `${s} `.repeat(2000);
    const r = result({
      title: 'T'.repeat(400),
      authors: Array.from({ length: 300 }, (_, i) => `Author Number ${i}`),
      affiliation: 'A'.repeat(5000),
      keywords: Array.from({ length: 500 }, (_, i) => `kw${i}`),
      summary: { background: long('background & <more>'), priorWork: long('prior'), method: 'Short method.', results: long('results 结果') },
    });
    const m = renderBlocks(r);
    assertWithinLimits(m.blocks);
    expect(m.truncated).toBe(true);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const all = texts(m.blocks).join('\n');
    expect(all).toContain('…');
    expect(all).toContain('Short method.');
    expect(all).toContain('shortened to fit Slack');
    expect(all).not.toMatch(/&[a-z]*…/); // never cut inside an entity
    expect(m.fullMarkdown).toContain(r.summary.results.trim());
  });

  it('never lets model output ping anyone, in blocks or fallback text', () => {
    const pings = 'Hi <!channel> <!here|here> <!everyone> <@U123ABC> <!subteam^S1> @channel @here @everyone';
    const r = result({
      title: `Title ${pings}`,
      titleOriginal: `Orig ${pings}`,
      authors: [pings],
      affiliation: pings,
      keywords: [pings],
      links: { paper: `https://x.org/<!channel>`, code: null },
      summary: { background: pings, priorWork: pings, method: pings, results: pings },
    });
    const m = renderBlocks(r);
    const posted = JSON.stringify({ text: m.text, blocks: m.blocks });
    for (const p of ['<!channel>', '<!here', '<!everyone>', '<@U123ABC>', '<!subteam', '@channel', '@here', '@everyone']) expect(posted).not.toContain(p);
    expect(posted).toContain('&lt;!channel&gt;');
  });
});

describe('renderBlocks: evidence', () => {
  it('shows the pages each point draws on next to its heading, and nothing when a point has none', () => {
    const r = result({ sources: { background: [1], priorWork: [], method: [2, 3], results: [4] } });
    const all = texts(renderBlocks(r).blocks).join('\n');
    expect(all).toMatch(/\(p\. 2, 3\)\n/);
    expect(all).toMatch(/\(p\. 1\)\n/);
    expect(all.match(/\(p\. /g)).toHaveLength(3);
  });
});
