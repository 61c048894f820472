/** Model replies built from what the request really carried, as a well-behaved model would answer. */
import type { RecordedRequest } from './fake-openai.ts';

export function paperBlock(req: RecordedRequest): string {
  const user = req.body.messages.find((m) => m.role === 'user')?.content ?? '';
  return /<paper>\n([\s\S]*?)\n<\/paper>/.exec(user)?.[1] ?? '';
}

function headerValue(paper: string, label: string): string | null {
  return new RegExp(`^${label}: (.+)$`, 'm').exec(paper)?.[1]?.trim() ?? null;
}

export interface ReplyOptions {
  /** Leave these item numbers / points out (e.g. ['4', '(3)']). */
  omit?: string[];
  codeLink?: string;
  language?: 'zh' | 'en';
}

export function goodReply(req: RecordedRequest, opts: ReplyOptions = {}): string {
  const paper = paperBlock(req);
  const title = headerValue(paper, 'Title') ?? 'Unknown';
  const authors = headerValue(paper, 'Authors') ?? 'A. Nonymous';
  const code = opts.codeLink ?? headerValue(paper, 'Code links printed in the paper')?.split(', ')[0] ?? 'None';
  const paperLink = headerValue(paper, 'arXiv') ?? 'None';
  const asked = req.body.messages.map((m) => m.content).join('\n').includes('Be sure to answer in English') ? 'en' : 'zh';
  const zh = (opts.language ?? asked) === 'zh';
  const lines: Array<[string, string]> = zh
    ? [
        ['1', `1. 标题: 关于论文的中文标题 (${title})`],
        ['2', `2. 作者: ${authors}`],
        ['3', '3. 第一作者单位: 某大学计算机系'],
        ['4', '4. 关键词: retrieval, summarization'],
        ['5', `5. 链接: ${paperLink}, Github: ${code}`],
        ['6', '6. 摘要:'],
        ['(1)', '  (1): 研究背景：长文档理解很重要。'],
        ['(2)', '  (2): 过去的方法只读开头，忽略了方法与实验。'],
        ['(3)', '  (3): 本文提出按章节分配预算的方法（section-aware budgeting）。'],
        ['(4)', '  (4): 在 benchmark 上 F1 提高 4.2，支持其目标。'],
      ]
    : [
        ['1', `1. Title: ${title}`],
        ['2', `2. Authors: ${authors}`],
        ['3', '3. Affiliation: Some University'],
        ['4', '4. Keywords: retrieval, summarization'],
        ['5', `5. Urls: ${paperLink}, Github: ${code}`],
        ['6', '6. Summary:'],
        ['(1)', '  (1): Long-document understanding matters.'],
        ['(2)', '  (2): Past methods read only the first pages.'],
        ['(3)', '  (3): The paper proposes section-aware budgeting.'],
        ['(4)', '  (4): F1 improves by 4.2 on the benchmark, which supports the goal.'],
      ];
  return lines
    .filter(([id]) => !opts.omit?.includes(id))
    .map(([, l]) => l)
    .join('\n');
}
