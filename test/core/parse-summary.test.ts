import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummaryReply, type ParseResult, type SummaryField } from '../../src/core/reply/parse-summary.ts';
import { LLM_OUTPUTS_DIR, sharedAvailable } from '../helpers/shared.ts';

const POINTS = ['background', 'priorWork', 'method', 'results'] as const;
const CJK = /[\u3400-\u9fff]/;

const ZH_REPLY = `1. 标题: 注意力就是你所需要的一切 (Attention Is All You Need)
2. 作者: Ashish Vaswani, Noam Shazeer, Niki Parmar
3. 第一作者单位: 谷歌大脑（Google Brain）
4. 关键词: Transformer, self-attention, machine translation
5. 链接: https://arxiv.org/abs/1706.03762, Github: https://github.com/tensorflow/tensor2tensor
6. 摘要:
  (1): 序列转换任务长期依赖循环神经网络。
  (2): RNN 需要按时间步顺序计算，难以并行。
  (3): 本文提出 Transformer，完全基于注意力机制。
  (4): 在 WMT 2014 英德翻译上取得 28.4 BLEU。`;

const EN_REPLY = `1. Title: Attention Is All You Need
2. Authors: Ashish Vaswani, Noam Shazeer, and Niki Parmar
3. Affiliation: Google Brain
4. Keywords: Transformer; self-attention; machine translation
5. Urls: None, Github: https://github.com/tensorflow/tensor2tensor
6. Summary:
  (1): Sequence transduction has been dominated by recurrent networks.
  (2): Recurrent models prevent parallelization.
  (3): The paper proposes the Transformer.
  (4): It reaches 28.4 BLEU on WMT 2014 English-German.`;

function expectComplete(r: ParseResult): void {
  expect(r.missing).toEqual([]);
  expect(r.complete).toBe(true);
  for (const p of POINTS) expect(r.parsed.summary[p]?.length ?? 0).toBeGreaterThan(0);
}

describe('parseSummaryReply on clean replies', () => {
  it('reads the zh contract format, with the Chinese title as title and the printed one as original', () => {
    const r = parseSummaryReply(ZH_REPLY);
    expectComplete(r);
    expect(r.problems).toEqual([]);
    expect(r.parsed).toMatchObject({
      title: '注意力就是你所需要的一切',
      titleOriginal: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
      affiliation: '谷歌大脑（Google Brain）',
      keywords: ['Transformer', 'self-attention', 'machine translation'],
      paperLink: 'https://arxiv.org/abs/1706.03762',
      codeLink: 'https://github.com/tensorflow/tensor2tensor',
    });
    expect(r.parsed.summary.method).toBe('本文提出 Transformer，完全基于注意力机制。');
  });

  it('reads the en format: one title form, "and" before the last author, semicolons between keywords', () => {
    const r = parseSummaryReply(EN_REPLY);
    expectComplete(r);
    expect(r.parsed.title).toBe('Attention Is All You Need');
    expect(r.parsed.titleOriginal).toBeNull();
    expect(r.parsed.authors).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
    expect(r.parsed.keywords).toEqual(['Transformer', 'self-attention', 'machine translation']);
    expect(r.parsed.paperLink).toBeNull();
    expect(r.parsed.summary.results).toBe('It reaches 28.4 BLEU on WMT 2014 English-German.');
  });

  it('reads bold labels, full-width colons and values on the next line', () => {
    const r = parseSummaryReply(`好的，以下是总结：

1. **标题**：
关于事物的研究 (A Study of Things)

2. **作者**：
Ada Lovelace、Charles Babbage

3. **第一作者单位**：
分析机协会

4. **关键词**：
things，study

5. **链接**：
论文链接：None，GitHub代码链接：None

6. **摘要**：
    - (1)研究背景：
    事物很重要。
    -(2)过去的方法及问题：
    过去的方法忽略了事物。
    -（3）研究方法：
    本文研究事物。
    - （4）：任务与性能：
    在事物上提高了 5%。

希望这个总结符合您的要求！`);
    expectComplete(r);
    expect(r.parsed).toMatchObject({
      title: '关于事物的研究',
      titleOriginal: 'A Study of Things',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      affiliation: '分析机协会',
      keywords: ['things', 'study'],
      paperLink: null,
      codeLink: null,
      summary: { background: '事物很重要。', priorWork: '过去的方法忽略了事物。', method: '本文研究事物。', results: '在事物上提高了 5%。' },
    });
  });

  it('reads an HTML-rendered reply and ignores a renumbered Methods list after it', () => {
    const r = parseSummaryReply(`<ol>
<li><p>Title: A Study of Things &amp; Stuff 中文标题: 关于事物的研究</p></li>
<li><p>Authors: Ada Lovelace, Charles Babbage</p></li>
<li><p>Affiliation: Analytical Engine Society</p></li>
<li><p>Keywords: things, stuff</p></li>
<li><p>Urls: http://arxiv.org/abs/2401.01234v1, Github: None</p></li>
<li><p>Summary:</p></li>
</ol>
<p>(1): Background &lt;here&gt;.</p>
<p>(2): Prior work.</p>
<p><img alt="Fig" src="https://example.org/fig.png" /></p>
<p>(3): Method.</p>
<p>(4): Results.</p>
<ol><li>Methods:</li></ol>
<p>(1): METHOD DETAIL ONE</p>`);
    expectComplete(r);
    expect(r.parsed.title).toBe('关于事物的研究');
    expect(r.parsed.titleOriginal).toBe('A Study of Things & Stuff');
    expect(r.parsed.paperLink).toBe('http://arxiv.org/abs/2401.01234v1');
    expect(r.parsed.summary.background).toBe('Background <here>.');
    expect(JSON.stringify(r.parsed)).not.toContain('METHOD DETAIL');
    expect(JSON.stringify(r.parsed)).not.toContain('img');
  });
});

describe('parseSummaryReply on incomplete replies', () => {
  it('reports exactly the missing item 4 and point (3)', () => {
    const reply = ZH_REPLY.split('\n')
      .filter((l) => !l.startsWith('4.') && !l.includes('(3)'))
      .join('\n');
    const r = parseSummaryReply(reply);
    expect(r.missing).toEqual<SummaryField[]>(['keywords', 'method']);
    expect(r.problems).toEqual([]);
    expect(r.complete).toBe(false);
    expect(r.parsed.summary.results).toContain('28.4 BLEU');
  });

  it('reads a repair answer that gives only the asked-for items', () => {
    const r = parseSummaryReply('4. 关键词: attention, translation\n  (3): 本文提出 Transformer。');
    expect(r.parsed.keywords).toEqual(['attention', 'translation']);
    expect(r.parsed.summary).toEqual({ method: '本文提出 Transformer。' });
    expect(r.missing).toEqual<SummaryField[]>(['title', 'authors', 'affiliation', 'links', 'background', 'priorWork', 'results']);
    expect(r.problems).toEqual([]);
  });

  it('treats xxx values and echoed format brackets as missing', () => {
    const r = parseSummaryReply(ZH_REPLY.replace('关键词: Transformer, self-attention, machine translation', '关键词: <keyword1>, <keyword2>').replace(
      '(2): RNN 需要按时间步顺序计算，难以并行。',
      '(2): xxx方法存在xxx问题。',
    ));
    expect(r.missing).toEqual<SummaryField[]>(['keywords', 'priorWork']);
    expect(r.complete).toBe(false);
  });

  it('takes no summary points from items 7/8 when item 6 is absent', () => {
    const reply = ZH_REPLY.split('\n6.')[0] + '\n7. 方法：\n(1) 方法细节。\n(2) 更多细节。\n(3) 还有。\n(4) 最后。\n8. 结论：\n- (1)：意义。';
    const r = parseSummaryReply(reply);
    expect(r.missing).toEqual<SummaryField[]>(['background', 'priorWork', 'method', 'results']);
    expect(r.parsed.summary).toEqual({});
  });

  it('flags an empty reply, a refusal and a template of xxx placeholders', () => {
    expect(parseSummaryReply('  \n\n ')).toMatchObject({ problems: ['empty'], complete: false });
    const refusal = parseSummaryReply("I'm sorry, I cannot access this paper.");
    expect(refusal.problems).toEqual(['refusal']);
    expect(refusal.missing).toHaveLength(9);
    const template = parseSummaryReply('1. 标题: xxx\n2. 作者: xxx, xxx\n3. 第一作者单位: xxx\n6. 摘要:\n(1): xxx');
    expect(template.problems).toContain('placeholder');
    expect(template.complete).toBe(false);
  });
});

describe('parseSummaryReply field details', () => {
  const withLinks = (line: string) => parseSummaryReply(ZH_REPLY.replace(/^5\..*$/m, line));

  it.each([
    ['5. 链接: None, Github: None'],
    ['5. Urls: None, GitHub: None.'],
    ['5. 链接：None，Github：None'],
    ['5. 链接：论文链接：None；代码GitHub链接：GitHub:None（如果可用的话填写）。'],
    ['5. 链接：论文链接不可用，Github:链接不可用'],
    ['5. Urls: Paper: None, Github code link: None'],
    ['5. 链接：论文链接待补充，GitHub代码链接：None（若不可用，请按实际链接填写）'],
    ['5. Urls: Not available'],
  ])('%s gives no links but counts as answered', (line) => {
    const r = withLinks(line);
    expect(r.parsed.paperLink).toBeNull();
    expect(r.parsed.codeLink).toBeNull();
    expect(r.missing).not.toContain('links');
  });

  it('a links item that only says "to be added" is missing', () => {
    const r = withLinks('5. 链接: 待补充');
    expect(r.missing).toEqual(['links']);
  });

  it('normalises arXiv stamps, strips sentence punctuation and reads markdown links and sub-bullets', () => {
    expect(withLinks('5. Urls: arXiv:2408.13912v1  [cs.CV]  25 Aug 2024').parsed.paperLink).toBe('https://arxiv.org/abs/2408.13912v1');
    const dotted = withLinks('5. Urls: Paper: http://arxiv.org/abs/2108.11510v1. Github: https://github.com/a/b.');
    expect(dotted.parsed.paperLink).toBe('http://arxiv.org/abs/2108.11510v1');
    expect(dotted.parsed.codeLink).toBe('https://github.com/a/b');
    const bullets = withLinks('5. Urls:\n    - Paper: [Link to the paper](https://link.springer.com/content/pdf/x.pdf)\n    - Github: None');
    expect(bullets.parsed.paperLink).toBe('https://link.springer.com/content/pdf/x.pdf');
    expect(bullets.parsed.codeLink).toBeNull();
  });

  it('does not take an echoed instruction for a link, nor a placeholder URL', () => {
    const echo = withLinks('5. Urls: https://arxiv.org/abs/2408.16760v1 或代码链接地址（如有）。如果没有Github代码链接，请填写"Github:None"。');
    expect(echo.parsed.paperLink).toBe('https://arxiv.org/abs/2408.16760v1');
    expect(echo.parsed.codeLink).toBeNull();
    const placeholder = withLinks('5. Urls：论文链接为https://arxiv.org/abs/论文编号，GitHub代码链接为https://github.com/xxx/xxx');
    expect(placeholder.parsed.paperLink).toBeNull();
    expect(placeholder.parsed.codeLink).toBeNull();
  });

  it('prefers the Latin-script form of bilingual author names and drops lead-ins and "等"', () => {
    const zh = parseSummaryReply(ZH_REPLY.replace(/^2\..*$/m, '2. 作者：第一作者：王琨（Junke Wang），其他作者包括蒋毅（Yi Jiang）和袁泽环（Zehuan Yuan）等人。其中一些说明。'));
    expect(zh.parsed.authors).toEqual(['Junke Wang', 'Yi Jiang', 'Zehuan Yuan']);
    const en = parseSummaryReply(ZH_REPLY.replace(/^2\..*$/m, '2. Authors: Junke Wang (王琨), Yi Jiang (蒋毅) et al.'));
    expect(en.parsed.authors).toEqual(['Junke Wang', 'Yi Jiang']);
  });

  it('maps five named bullets onto the four points, motivation going with prior work', () => {
    const r = parseSummaryReply(ZH_REPLY.replace(/6\. 摘要:[\s\S]*$/, `6. **摘要**：
    - **研究背景**：背景。
    - **过去的方法及其问题**：旧方法慢。
    - **方法动机**：所以要快。
    - **研究方法**：新方法。
    - **任务与性能**：快了两倍。`));
    expectComplete(r);
    expect(r.parsed.summary).toEqual({ background: '背景。', priorWork: '旧方法慢。所以要快。', method: '新方法。', results: '快了两倍。' });
  });

  it('cuts a looping point and reports the repetition', () => {
    const loop = 'the model improves the results. '.repeat(40);
    const r = parseSummaryReply(EN_REPLY.replace('(4): It reaches', `(4): It reaches 28.4 BLEU. ${loop}`));
    expect(r.problems).toEqual(['repetition']);
    expect(r.complete).toBe(true);
    expect(r.parsed.summary.results!.length).toBeLessThan(120);
  });

  it('caps degenerate values', () => {
    const r = parseSummaryReply(EN_REPLY.replace('Attention Is All You Need', 'Attention '.repeat(10) + 'word'.repeat(300)).replace('Recurrent models prevent parallelization.', 'a'.repeat(5000)));
    expect(Array.from(r.parsed.title ?? '').length).toBeLessThanOrEqual(500);
    expect(Array.from(r.parsed.summary.priorWork ?? '').length).toBeLessThanOrEqual(2000);
  });
});

/** Text that appears only in a sample's items 7/8: none of it may end up in the summary points. */
const LATER_ITEMS: Record<string, string[]> = {
  '01': ['本文的核心思想是基于', '创新点：本文提出了基于SPOT'],
  '04': ['建立条件去噪扩散过程', '打9分'],
  '05': ['提出了一种名为Splatt3R的前馈模型', 'Innovation point'],
  '06': ['研究背景概述', '该工作对于神经光场渲染领域具有重大意义'],
  '07': ['提出一种有效的Gaussian初始化策略', '研究的重要性在于其解决了'],
  '08': ['构建高斯场景图表示', '意义：该研究对于自动驾驶'],
  '09': ['构建高斯场景图模型', '这项工作的意义在于'],
  '10': ['模型概述', '该工作的意义在于解决了'],
  '11': ['问题的意义', '首次为扩散模型上的MIA'],
  '12': ['联合图像和视频Tokenization', '该工作提出了OmniTokenizer'],
  '15': ['CAAT 方法的原理', '本工作的重要意义在于'],
};

interface Expect {
  title: string;
  titleOriginal?: string | null;
  authors: string[];
  affiliation: string;
  paperLink: string | null;
  codeLink: string | null;
}

/** What each complete real sample must give (SOURCES.md describes each one). */
const COMPLETE: Record<string, Expect> = {
  '01': { title: 'Good Robot!', titleOriginal: null, authors: ['Andrew Hundt', 'Gregory D. Hager'], affiliation: 'Johns Hopkins', paperLink: null, codeLink: 'https://github.com/jhulcsr/good_robot' },
  '02': { title: '终身强化学习', titleOriginal: 'Some Insights into Lifelong Reinforcement Learning Systems', authors: ['Changjian Li'], affiliation: 'University of Waterloo', paperLink: 'http://arxiv.org/abs/2001.09608v1', codeLink: null },
  '03': { title: '深度强化学习', titleOriginal: 'Deep Reinforcement Learning in Computer Vision: A Comprehensive Survey', authors: ['Ngan Le', 'Marios Savvides'], affiliation: '卡内基梅隆大学', paperLink: 'http://arxiv.org/abs/2108.11510v1', codeLink: null },
  '04': { title: '通过行为扩散的视觉运动策略学习', titleOriginal: 'Diffusion Policy: Visuomotor Policy Learning via Action Diffusion', authors: ['Haonan Lu', 'Shuaijun Chen'], affiliation: '中南大学', paperLink: 'http://arxiv.org/abs/2303.04137v1', codeLink: null },
  '05': { title: 'Splatt3R', titleOriginal: null, authors: ['Brandon Smart', 'Victor Adrian Prisacariu'], affiliation: 'University of Oxford', paperLink: 'https://arxiv.org/abs/2408.13912v1', codeLink: null },
  '06': { title: 'G-NeLF', titleOriginal: null, authors: ['Zhaowei Jin', 'Jian Sun'], affiliation: 'Tsinghua University', paperLink: 'https://link.springer.com/content/pdf/10.1007/978-3-030-87263-2_33.pdf', codeLink: null },
  '07': { title: 'SurgicalGaussian', titleOriginal: null, authors: ['Weixing Xie', 'Xiaohu Guo'], affiliation: '厦门大学', paperLink: 'https://surgicalgaussian.github.io', codeLink: null },
  '08': { title: 'OmniRe', titleOriginal: null, authors: ['陈子瑜', '李松'], affiliation: '上海交通大学', paperLink: 'https://arxiv.org/abs/2408.16760v1', codeLink: null },
  '09': { title: 'OmniRe', titleOriginal: null, authors: ['Ziyu Chen', 'Jiahui Huang'], affiliation: '上海交通大学', paperLink: null, codeLink: null },
  '10': { title: '潜式去噪扩散生成对抗网络', titleOriginal: null, authors: ['Luan Thanh Trinh', 'Tomoki Hamagami'], affiliation: '横滨国立大学', paperLink: null, codeLink: 'https://github.com/thanhluantrinh/LDDGAN.git' },
  '11': { title: '成员推理攻击', titleOriginal: 'REAL-WORLD BENCHMARKS MAKE MEMBERSHIP INFERENCE ATTACKS FAIL ON DIFFUSION MODELS', authors: ['Chumeng Liang', 'Jiaxuan You'], affiliation: 'University of Southern California', paperLink: 'https://arxiv.org/abs/2410.03640v1', codeLink: 'https://github.com/caradryanl/CopyMark' },
  '15': { title: '扰动注意力让你事半功倍', titleOriginal: null, authors: ['Yichao Zhou', 'Chen Change Loy'], affiliation: '新加坡国立大学', paperLink: 'https://arxiv.org/abs/2302.08724', codeLink: null },
};

describe.skipIf(!sharedAvailable)('parseSummaryReply on real model outputs (../shared/llm-outputs)', () => {
  const load = (id: string) => parseSummaryReply(readFileSync(path.join(LLM_OUTPUTS_DIR, `sample_${id}.txt`), 'utf8'));

  it.each(Object.entries(COMPLETE))('sample_%s gives all nine fields', (id, want) => {
    const r = load(id);
    expectComplete(r);
    expect(r.problems).toEqual([]);
    const p = r.parsed;
    expect(p.title).toContain(want.title);
    if (want.titleOriginal !== undefined) expect(p.titleOriginal).toBe(want.titleOriginal);
    expect(p.authors).toEqual(expect.arrayContaining(want.authors));
    expect(p.affiliation).toContain(want.affiliation);
    expect(p.keywords.length).toBeGreaterThanOrEqual(3);
    expect(p.paperLink).toBe(want.paperLink);
    expect(p.codeLink).toBe(want.codeLink);
    for (const point of POINTS) {
      const text = p.summary[point] ?? '';
      expect(text.length).toBeLessThanOrEqual(2000);
      for (const later of LATER_ITEMS[id] ?? []) expect(text).not.toContain(later);
      // Chatty closings and item labels are not part of a point.
      expect(text).not.toMatch(/希望|^\(?\d\)|^Research Background|^研究背景|<\/?p>/);
    }
  });

  it('sample_03 keeps English keywords only and no trailing dot on the arXiv URL', () => {
    const p = load('03').parsed;
    expect(p.keywords).toContain('object tracking');
    expect(p.keywords.some((k) => CJK.test(k))).toBe(false);
  });

  it('sample_07 turns bilingual names into Latin ones and puts the motivation bullet into prior work', () => {
    const p = load('07').parsed;
    expect(p.authors).toHaveLength(7);
    expect(p.authors.some((a) => CJK.test(a))).toBe(false);
    expect(p.summary.priorWork).toContain('为解决上述问题');
    expect(p.summary.method).toContain('本文提出的SurgicalGaussian方法');
  });

  it('sample_12: the run-away item 5 is cut and reported; item 6 is absent, and items 7/8 do not stand in for it', () => {
    const r = load('12');
    expect(r.problems).toEqual(['repetition']);
    expect(r.parsed.authors).toEqual(['Junke Wang', 'Yi Jiang', 'Zehuan Yuan', 'Binyue Peng', 'Zuxuan Wu', 'Yu-Gang Jiang']);
    expect(r.parsed.title).toContain('OmniTokenizer');
    expect(r.parsed.affiliation).toBe('上海智能信息处理重点实验室，复旦大学计算机科学学院');
    expect(r.parsed.keywords).toEqual(['OmniTokenizer', '视觉生成模型', '图像视频联合处理', '重建性能']);
    expect(r.parsed.paperLink).toBeNull(); // "https://arxiv.org/abs/论文编号" is a placeholder
    expect(r.parsed.codeLink).toBe('https://github.com/FoundationVision/OmniTokenizer');
    expect(r.missing).toEqual<SummaryField[]>(['background', 'priorWork', 'method', 'results']);
    expect(r.parsed.summary).toEqual({});
    expect(r.complete).toBe(false);
  });

  it('sample_13 is a refusal: nothing parsed, not complete', () => {
    const r = load('13');
    expect(r.problems).toEqual(['refusal']);
    expect(r.missing).toHaveLength(9);
    expect(r.parsed.summary).toEqual({});
    expect(r.complete).toBe(false);
  });

  it('sample_14 is an xxx template: placeholder, nothing parsed, not complete', () => {
    const r = load('14');
    expect(r.problems).toEqual(['placeholder']);
    expect(r.missing).toHaveLength(9);
    expect(r.complete).toBe(false);
  });
});
