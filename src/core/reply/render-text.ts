/** The fixed six-item text form (README "Command line"), in the output language. */
import type { Language, SummaryResult } from '../types.ts';

const LABELS: Record<Language, { title: string; authors: string; affiliation: string; keywords: string; urls: string; summary: string }> = {
  zh: { title: '标题', authors: '作者', affiliation: '第一作者单位', keywords: '关键词', urls: '链接', summary: '摘要' },
  en: { title: 'Title', authors: 'Authors', affiliation: 'Affiliation', keywords: 'Keywords', urls: 'Urls', summary: 'Summary' },
};

const EXTRACTIVE_NOTE: Record<Language, string> = {
  zh: '注：这是抽取式摘要（extractive），句子直接摘自论文原文，未使用语言模型。',
  en: 'Note: extractive summary: sentences taken from the paper itself, no language model used.',
};

const NONE = 'None';

export function titleLine(r: Pick<SummaryResult, 'title' | 'titleOriginal'>): string {
  const same = r.title.trim().toLowerCase() === r.titleOriginal.trim().toLowerCase();
  return same || !r.titleOriginal ? r.title || r.titleOriginal || NONE : `${r.title} (${r.titleOriginal})`;
}

export function renderText(r: SummaryResult): string {
  const l = LABELS[r.language];
  const lines = [
    `1. ${l.title}: ${titleLine(r)}`,
    `2. ${l.authors}: ${r.authors.length ? r.authors.join(', ') : NONE}`,
    `3. ${l.affiliation}: ${r.affiliation ?? NONE}`,
    `4. ${l.keywords}: ${r.keywords.length ? r.keywords.join(', ') : NONE}`,
    `5. ${l.urls}: ${r.links.paper ?? NONE}, Github: ${r.links.code ?? NONE}`,
    `6. ${l.summary}:`,
    `  (1): ${r.summary.background || NONE}`,
    `  (2): ${r.summary.priorWork || NONE}`,
    `  (3): ${r.summary.method || NONE}`,
    `  (4): ${r.summary.results || NONE}`,
  ];
  if (r.engine === 'extractive') lines.push('', EXTRACTIVE_NOTE[r.language]);
  return lines.join('\n');
}
