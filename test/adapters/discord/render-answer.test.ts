import { describe, expect, it } from 'vitest';
import { renderAnswerEmbed } from '../../../src/adapters/discord/render-answer.ts';
import { DISCORD_LIMITS } from '../../../src/adapters/discord/limits.ts';
import type { QaResult } from '../../../src/core/qa/answer-question.ts';

describe('renderAnswerEmbed (Discord)', () => {
  it('puts the answer with its citations in the description and the pages in the footer', () => {
    const a: QaResult = { kind: 'answer', text: 'They use Qasper [p. 3].', pages: [3], passages: [] };
    const e = renderAnswerEmbed(a, 'en', 'gpt-test', 'Which dataset?');
    expect(e.title).toBe('Which dataset?');
    expect(e.description).toBe('They use Qasper [p. 3].');
    expect(e.footer?.text).toContain('p. 3');
  });

  it('shows passages as fields within limits, and cannot ping', () => {
    const long = `@everyone <@123> ${'x'.repeat(3000)}`;
    const a: QaResult = { kind: 'passages', text: '', pages: [1, 2], passages: [{ page: 1, text: long }, { page: 2, text: 'short' }] };
    const e = renderAnswerEmbed(a, 'zh', null, `<@&42> ${'q'.repeat(400)}`);
    expect(e.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    const all = JSON.stringify(e);
    expect(all).not.toMatch(/@everyone|<@123>|<@&42>/);
  });

  it('says plainly when the paper does not answer', () => {
    expect(renderAnswerEmbed({ kind: 'not_found', text: '', pages: [], passages: [] }, 'en', null, 'q').description).toMatch(/does not seem to answer/);
  });
});
