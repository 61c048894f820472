import { describe, expect, it } from 'vitest';
import { loadQaPrompts } from '../../src/services/qa-prompt-files.ts';

describe('Q&A prompt files', () => {
  it('load, ask for [p. N] citations and the NOT_IN_PAPER sentinel the answerer looks for', () => {
    const p = loadQaPrompts();
    expect(p.system).toContain('[p. N]');
    expect(p.system).toContain('NOT_IN_PAPER');
    expect(p.answer.en).toMatch(/English/);
    expect(p.answer.zh).toMatch(/中文/);
  });
});
