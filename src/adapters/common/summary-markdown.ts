/** The whole summary as Markdown, for a `summary.md` attached when a chat message had to be shortened. Pure. */
import { titleLine } from '../../core/reply/render-text.ts';
import type { Language, SummaryPoints, SummaryResult } from '../../core/types.ts';

export const POINT_KEYS: Array<keyof SummaryPoints> = ['background', 'priorWork', 'method', 'results'];

/** " (p. 2, 5)": the pages a point draws on, when the summary carries them. */
export function pointPages(r: Pick<SummaryResult, 'sources'>, k: keyof SummaryPoints): string {
  const pages = r.sources?.[k] ?? [];
  return pages.length ? ` (p. ${pages.join(', ')})` : '';
}

export interface SummaryLabels {
  authors: string;
  affiliation: string;
  keywords: string;
  links: string;
  paper: string;
  code: string;
  none: string;
  points: Record<keyof SummaryPoints, string>;
  engine: (r: SummaryResult) => string;
  cached: string;
  pages: (n: number) => string;
}

export const SUMMARY_LABELS: Record<Language, SummaryLabels> = {
  en: {
    authors: 'Authors',
    affiliation: 'Affiliation',
    keywords: 'Keywords',
    links: 'Links',
    paper: 'Paper',
    code: 'Code',
    none: 'None',
    points: { background: '(1) Background', priorWork: '(2) Prior work and motivation', method: '(3) Method', results: '(4) Results' },
    engine: (r) => (r.engine === 'extractive' ? 'extractive summary (sentences from the paper, no language model)' : `summarized with ${r.model ?? 'a language model'}`),
    cached: 'summarized before',
    pages: (n) => `${n} page${n === 1 ? '' : 's'}`,
  },
  zh: {
    authors: '作者',
    affiliation: '第一作者单位',
    keywords: '关键词',
    links: '链接',
    paper: '论文',
    code: '代码',
    none: 'None',
    points: { background: '(1) 研究背景', priorWork: '(2) 过去的方法与动机', method: '(3) 本文方法', results: '(4) 实验与结果' },
    engine: (r) => (r.engine === 'extractive' ? '抽取式摘要（extractive，句子摘自论文原文，未使用语言模型）' : `由 ${r.model ?? '语言模型'} 生成`),
    cached: '之前已总结过（summarized before）',
    pages: (n) => `${n} 页`,
  },
};

export function summaryMarkdown(r: SummaryResult): string {
  const l = SUMMARY_LABELS[r.language];
  const lines = [
    `# ${titleLine(r)}`,
    '',
    `- **${l.authors}:** ${r.authors.length ? r.authors.join(', ') : l.none}`,
    `- **${l.affiliation}:** ${r.affiliation ?? l.none}`,
    `- **${l.keywords}:** ${r.keywords.length ? r.keywords.join(', ') : l.none}`,
    `- **${l.links}:** ${r.links.paper ?? l.none}, Github: ${r.links.code ?? l.none}`,
    '',
  ];
  for (const k of POINT_KEYS) lines.push(`## ${l.points[k]}${pointPages(r, k)}`, '', r.summary[k] || l.none, '');
  lines.push(`_${l.engine(r)}${r.cached ? ` · ${l.cached}` : ''}_`);
  return lines.join('\n') + '\n';
}
