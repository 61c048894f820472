import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../../src/core/qa/citations.ts';

describe('checkCitations', () => {
  const allowed = new Set([2, 3, 4, 7]);
  it('keeps citations to pages that were given, in one form', () => {
    const r = checkCitations('They use SciDocs (p. 4) and BERT [p.2, 3]. The gain is 2% [pp. 3–4].', allowed);
    expect(r.text).toBe('They use SciDocs [p. 4] and BERT [p. 2, 3]. The gain is 2% [p. 3, 4].');
    expect(r.pages).toEqual([2, 3, 4]);
    expect(r.rejected).toEqual([]);
  });
  it('removes citations to pages that were not given', () => {
    const r = checkCitations('The dataset has 1M rows [p. 12]. It is public [p. 7, 9].', allowed);
    expect(r.text).toBe('The dataset has 1M rows. It is public [p. 7].');
    expect(r.pages).toEqual([7]);
    expect(r.rejected).toEqual([9, 12]);
  });
  it('reads Chinese page citations', () => {
    const r = checkCitations('作者使用了 SciDocs 数据集［第4页］，效果提升明显（p. 3）。', allowed);
    expect(r.pages).toEqual([3, 4]);
    expect(r.text).toContain('[p. 4]');
  });
});
