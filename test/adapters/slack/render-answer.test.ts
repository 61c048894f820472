import { describe, expect, it } from 'vitest';
import { escapeSlackMarkdown } from '../../../src/adapters/slack/escape.ts';
import { MARKDOWN_BLOCK_MAX, renderAnswer } from '../../../src/adapters/slack/render-answer.ts';
import { SLACK_LIMITS } from '../../../src/adapters/slack/render-blocks.ts';
import type { QaResult } from '../../../src/core/qa/answer-question.ts';

const text = (r: ReturnType<typeof renderAnswer>) => JSON.stringify(r);
/** What could notify anyone or make a link whose label hides its address, in a mrkdwn or a markdown block. */
const SLACK_PING = /<!(channel|here|everyone|subteam)|<@[UW]|<#C|<https?:|(^|[^\u200D])[@＠](channel|here|everyone)\b|\]\(|^[ \t]*\[[^\]\n]*\]:/mu;
const answer = (t: string, pages = [1]): QaResult => ({ kind: 'answer', text: t, pages, passages: [] });
/** The Markdown of a rendered answer: its one markdown block. */
function markdownOf(r: ReturnType<typeof renderAnswer>): string {
  const md = r.blocks.filter((b) => b.type === 'markdown');
  expect(md).toHaveLength(1);
  expect(r.blocks[0]!.type).toBe('markdown');
  return (md[0] as { text: string }).text;
}
function blockChars(r: ReturnType<typeof renderAnswer>): number {
  return r.blocks.reduce((n, b) => {
    if (b.type === 'markdown') return n + b.text.length;
    if (b.type === 'context') return n + b.elements.reduce((s, e) => s + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
    return n;
  }, 0);
}

describe('renderAnswer (Slack)', () => {
  it('shows the answer with its citations and the pages it rests on', () => {
    const a: QaResult = { kind: 'answer', text: 'They evaluate on Qasper [p. 3].', pages: [3], passages: [{ page: 3, text: 'Qasper…' }] };
    const r = renderAnswer(a, 'en', 'gpt-test');
    expect(text(r)).toContain('They evaluate on Qasper [p. 3].');
    expect(text(r)).toContain('Sources in the paper: p. 3');
    expect(text(r)).toContain('gpt-test');
  });

  it('puts the model\'s Markdown in a markdown block as Markdown, with a plain-text fallback and the sources in context', () => {
    const md = [
      '## Datasets',
      '',
      'They use **two** datasets and _one_ metric [p. 3]:',
      '',
      '- Qasper [p. 3]',
      '- LongArxivQA [p. 4]',
      '',
      '> F1 rises from 41.2 to 47.9 [p. 4].',
      '',
      '```',
      'score = f1(pred, gold)',
      '```',
      '',
      'The `sieve` step keeps ~~all~~ 38% of tokens [p. 4].',
    ].join('\n');
    const r = renderAnswer(answer(md, [3, 4]), 'en', 'gpt-test');
    // Nothing in it is Slack's to escape, so the Markdown arrives as the model wrote it.
    expect(markdownOf(r)).toBe(md);
    expect(r.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Sources in the paper: p. 3, p. 4 · answered from the paper by gpt-test' }] });
    expect(r.blocks).toHaveLength(2);
    // The fallback reads as text: no bold, heading or fence marks, the words and citations all there.
    expect(r.text).toContain('They use two datasets and _one_ metric [p. 3]:');
    expect(r.text).toContain('Datasets\n');
    expect(r.text).not.toMatch(/\*\*|##|```|~~/);
    expect(r.text).toContain('score = f1(pred, gold)');
  });

  it('quotes the closest passages with pages when there is no model, and says why when the model failed', () => {
    const a: QaResult = { kind: 'passages', text: '', pages: [2, 4], passages: [{ page: 2, text: 'First passage.' }, { page: 4, text: 'Second passage.' }], modelError: 'rate_limited' };
    const r = renderAnswer(a, 'zh', null);
    expect(text(r)).toContain('[p. 2]');
    expect(text(r)).toContain('[p. 4]');
    expect(text(r)).toContain('模型暂时不可用');
    expect(r.blocks.some((b) => b.type === 'markdown')).toBe(false); // paper text is quoted as mrkdwn, not read as Markdown
  });

  it('says plainly when the paper does not answer', () => {
    const r = renderAnswer({ kind: 'not_found', text: '', pages: [], passages: [] }, 'en', 'm');
    expect(r.text).toMatch(/does not seem to answer/);
  });

  it('never lets paper or model text ping or link', () => {
    const a: QaResult = { kind: 'answer', text: 'Hi <!channel> @everyone <@U123> <https://evil.example|click> [p. 1]', pages: [1], passages: [] };
    const out = text(renderAnswer(a, 'en', 'm'));
    expect(out).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    expect(out).not.toMatch(/@everyone/);
    const p: QaResult = { kind: 'passages', text: '', pages: [1], passages: [{ page: 1, text: '<!here> see <@U9>' }] };
    expect(text(renderAnswer(p, 'en', null))).not.toMatch(/<!here>|<@U9>/);
  });

  it('defuses every ping and masked link in the Markdown, in the block and in the fallback', () => {
    const evil = [
      '# <!channel> read this',
      '**@here** and *@everyone*, ＠channel, <!here|here>, <!subteam^S123|@team>, <@U123|boss>, <#C42|general> [p. 1]',
      '> quoted <!everyone> and `<@W9>` in code',
      '[click here](https://evil.example/login?next=1&x=2) and ![logo](https://evil.example/a.png "t")',
      '[p. 1](https://evil.example) [p. 1]: fine mid-line',
      '[ref]: https://evil.example',
      '<https://evil.example|innocent> <https://evil.example> &lt;!channel&gt; &#60;!here&#62;',
      '```',
      '<!channel> @here',
      '```',
    ].join('\n');
    const r = renderAnswer(answer(evil), 'en', 'm');
    const md = markdownOf(r);
    for (const out of [md, r.text, text(r)]) expect(out).not.toMatch(SLACK_PING);
    // The reader still sees what was written, and where each link goes.
    expect(md).toContain('&lt;!channel&gt; read this');
    expect(md).toContain('click here (https://evil.example/login?next=1&x=2)');
    expect(md).toContain('logo (https://evil.example/a.png)');
    expect(md).toContain('&amp;lt;!channel&amp;gt;'); // an entity the model wrote stays text, it never becomes `<!channel>`
    expect(md).toContain('&amp;#60;!here&amp;#62;');
    expect(md).toMatch(/^> quoted &lt;!everyone&gt;/m); // still a block quote
    expect(md).toContain('**@\u200Dhere**');
    expect(r.text).toContain('click here (https://evil.example/login?next=1&amp;x=2)');
  });

  it('fits a long answer into one markdown block and the message\'s block-text budget, and keeps the fallback short', () => {
    const para = 'The method reads fewer tokens <!here> & keeps F1 [p. 2]. ';
    const r = renderAnswer(answer(para.repeat(400), [2]), 'en', 'gpt-test');
    const md = markdownOf(r);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BLOCK_MAX);
    expect(md.length).toBeGreaterThan(11_000); // a long answer is not cut to a section's 3,000
    expect(md.endsWith('…')).toBe(true);
    expect(md).not.toMatch(/&[a-z]*…$/); // never cut inside an entity
    expect(blockChars(r)).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockChars);
    expect(r.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    for (const out of [md, r.text]) expect(out).not.toMatch(SLACK_PING);
    expect(text(r)).toContain('Sources in the paper: p. 2');
  });

  it('closes a code block that the cut leaves open', () => {
    const r = renderAnswer(answer(`Code [p. 1]:\n\n\`\`\`\n${'x = 1\n'.repeat(3000)}\`\`\``), 'en', 'm');
    const md = markdownOf(r);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BLOCK_MAX);
    expect(md).toMatch(/…\n```$/);
    expect(md.match(/^```/gm)).toHaveLength(2);
  });
});

describe('escapeSlackMarkdown', () => {
  it('leaves ordinary Markdown and text alone', () => {
    const md = '**Bold** _it_ `a < b` — 5 > 3 & R&D [p. 2]\n\n1. one\n2. two';
    expect(escapeSlackMarkdown(md)).toBe('**Bold** _it_ `a &lt; b` — 5 &gt; 3 & R&D [p. 2]\n\n1. one\n2. two');
    expect(escapeSlackMarkdown('mail@example.org @channels')).toBe('mail@example.org @channels');
  });
});
