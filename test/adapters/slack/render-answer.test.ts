import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../src/adapters/slack/render-answer.ts';
import type { QaResult } from '../../../src/core/qa/answer-question.ts';

const text = (r: ReturnType<typeof renderAnswer>) => JSON.stringify(r);

describe('renderAnswer (Slack)', () => {
  it('shows the answer with its citations and the pages it rests on', () => {
    const a: QaResult = { kind: 'answer', text: 'They evaluate on Qasper [p. 3].', pages: [3], passages: [{ page: 3, text: 'Qasper…' }] };
    const r = renderAnswer(a, 'en', 'gpt-test');
    expect(text(r)).toContain('They evaluate on Qasper [p. 3].');
    expect(text(r)).toContain('Sources in the paper: p. 3');
    expect(text(r)).toContain('gpt-test');
  });

  it('quotes the closest passages with pages when there is no model, and says why when the model failed', () => {
    const a: QaResult = { kind: 'passages', text: '', pages: [2, 4], passages: [{ page: 2, text: 'First passage.' }, { page: 4, text: 'Second passage.' }], modelError: 'rate_limited' };
    const r = renderAnswer(a, 'zh', null);
    expect(text(r)).toContain('[p. 2]');
    expect(text(r)).toContain('[p. 4]');
    expect(text(r)).toContain('模型暂时不可用');
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
});
