import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/core/reply/render-text.ts';
import type { SummaryResult } from '../../src/core/types.ts';

const base: SummaryResult = {
  title: '关于事物的研究',
  titleOriginal: 'A Study of Things',
  authors: ['Ada Lovelace', 'Charles Babbage'],
  affiliation: '分析机协会',
  keywords: ['things', 'study'],
  links: { paper: 'https://arxiv.org/abs/2401.01234', code: null },
  summary: { background: '背景。', priorWork: '过去的方法。', method: '方法。', results: '结果。' },
  language: 'zh',
  engine: 'llm',
  model: 'm',
  cached: false,
  source: { sha256: 'x', pages: 3, fileName: 'a.pdf' },
  usage: { inputTokens: 1, outputTokens: 1, requests: 1 },
};

describe('renderText', () => {
  it('renders the six items with zh labels exactly as the contract shows', () => {
    expect(renderText(base)).toBe(
      [
        '1. 标题: 关于事物的研究 (A Study of Things)',
        '2. 作者: Ada Lovelace, Charles Babbage',
        '3. 第一作者单位: 分析机协会',
        '4. 关键词: things, study',
        '5. 链接: https://arxiv.org/abs/2401.01234, Github: None',
        '6. 摘要:',
        '  (1): 背景。',
        '  (2): 过去的方法。',
        '  (3): 方法。',
        '  (4): 结果。',
      ].join('\n'),
    );
  });

  it('uses en labels, prints an identical title once, and says when the summary is extractive', () => {
    const text = renderText({ ...base, language: 'en', title: 'A Study of Things', engine: 'extractive', affiliation: null });
    expect(text).toMatch(/^1\. Title: A Study of Things\n2\. Authors: /);
    expect(text).toContain('3. Affiliation: None');
    expect(text).toContain('5. Urls: https://arxiv.org/abs/2401.01234, Github: None');
    expect(text).toContain('6. Summary:');
    expect(text).toMatch(/extractive/i);
  });
});
