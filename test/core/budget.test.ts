import { describe, expect, it } from 'vitest';
import { budgetPaper } from '../../src/core/pipeline/budget.ts';
import { createTokenizer } from '../../src/services/tokenizer.ts';
import { makeStructure, sentences } from '../helpers/structure-fixture.ts';

const tokenizer = createTokenizer();

describe('budgetPaper', () => {
  it('stays within the budget and keeps abstract, method, results and conclusion of a long paper', () => {
    const s = makeStructure();
    const fullTokens = tokenizer.count(s.pages[0]!.text);
    expect(fullTokens).toBeGreaterThan(15_000); // the paper really is over budget
    const b = budgetPaper(s, 8000, tokenizer);
    expect(b.tokens).toBeLessThanOrEqual(8000);
    expect(b.tokens).toBeGreaterThan(7000); // the budget is used, not wasted
    expect(tokenizer.count(b.text)).toBe(b.tokens);
    for (const tag of ['abstract', 'introduction', 'method', 'encoder', 'experiments', 'results', 'conclusion']) {
      expect(b.text, tag).toContain(`The ${tag} part states fact number 1`);
    }
    expect(b.text).not.toContain('references part');
    // Method and results get more than related work.
    const tokensOf = (label: string) => b.parts.find((p) => p.label === label)?.tokens ?? 0;
    expect(tokensOf('3 Method')).toBeGreaterThan(tokensOf('2 Related Work'));
    expect(tokensOf('5 Results')).toBeGreaterThan(tokensOf('2 Related Work'));
    // Page markers tell the model (and later the reader) where text comes from.
    expect(b.text).toContain('## 5 Results [p. 8]');
  });

  it('sends a short paper whole', () => {
    const s = makeStructure({
      sections: [
        { heading: '1 Introduction', level: 1, page: 1, text: sentences('introduction', 3) },
        { heading: '2 Method', level: 1, page: 1, text: sentences('method', 3) },
      ],
    });
    const b = budgetPaper(s, 8000, tokenizer);
    expect(b.parts.every((p) => p.tokens === p.fullTokens)).toBe(true);
    expect(b.text).toContain('fact number 3 about');
    expect(b.text).not.toContain('[…]');
  });

  it('falls back to page windows across the whole paper when no sections were found', () => {
    const pages = Array.from({ length: 40 }, (_, i) => ({ num: i + 1, text: sentences(`page-${i + 1}`, 40) }));
    const s = makeStructure({ sections: [], abstract: null, pages });
    const b = budgetPaper(s, 4000, tokenizer);
    expect(b.tokens).toBeLessThanOrEqual(4000);
    expect(b.text).toContain('page-1 part');
    expect(b.text).toContain('page-20 part');
    expect(b.text).toContain('page-40 part'); // the end of the paper is seen, not only the start
  });

  it('handles Chinese text and a tiny budget without failing', () => {
    const zh = '本文提出了一种新的方法。实验表明该方法显著提高了准确率。'.repeat(300);
    const s = makeStructure({
      language: 'zh',
      abstract: zh.slice(0, 400),
      sections: [
        { heading: '1 引言', level: 1, page: 1, text: zh },
        { heading: '2 方法', level: 1, page: 2, text: zh },
        { heading: '3 实验', level: 1, page: 3, text: zh },
      ],
    });
    for (const budget of [300, 2000, 8000]) {
      const b = budgetPaper(s, budget, tokenizer);
      expect(b.tokens).toBeLessThanOrEqual(budget);
      expect(b.text.length).toBeGreaterThan(0);
    }
  });
});
