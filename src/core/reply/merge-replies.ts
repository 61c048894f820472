/** Combines the first reply with the answer to the one follow-up request. */
import type { ParseResult, ParsedSummary, SummaryField } from './parse-summary.ts';
import type { Language } from '../types.ts';

const FIELD_LABELS: Record<SummaryField, Record<Language, string>> = {
  title: { zh: '1. 标题', en: '1. Title' },
  authors: { zh: '2. 作者', en: '2. Authors' },
  affiliation: { zh: '3. 第一作者单位', en: '3. Affiliation' },
  keywords: { zh: '4. 关键词', en: '4. Keywords' },
  links: { zh: '5. 链接', en: '5. Urls' },
  background: { zh: '6. 摘要 (1) 研究背景', en: '6. Summary (1) research background' },
  priorWork: { zh: '6. 摘要 (2) 过去的方法及其问题', en: '6. Summary (2) past methods and their problems' },
  method: { zh: '6. 摘要 (3) 本文提出的方法', en: '6. Summary (3) the proposed method' },
  results: { zh: '6. 摘要 (4) 任务与性能', en: '6. Summary (4) tasks and performance' },
};

const ALL_FIELDS = Object.keys(FIELD_LABELS) as SummaryField[];

/** What the follow-up must supply: the missing fields, or everything when the whole reply was unusable. */
export function wantedFields(result: ParseResult): SummaryField[] {
  return result.missing.length > 0 ? result.missing : ALL_FIELDS;
}

export function missingLabels(result: ParseResult, language: Language): string[] {
  return wantedFields(result).map((f) => FIELD_LABELS[f][language]);
}

function take(field: SummaryField, into: ParsedSummary, from: ParsedSummary): void {
  switch (field) {
    case 'title':
      into.title = from.title;
      into.titleOriginal = into.titleOriginal ?? from.titleOriginal;
      break;
    case 'authors':
      into.authors = from.authors;
      break;
    case 'affiliation':
      into.affiliation = from.affiliation;
      break;
    case 'keywords':
      into.keywords = from.keywords;
      break;
    case 'links':
      into.paperLink = from.paperLink;
      into.codeLink = from.codeLink;
      break;
    default: {
      const value = from.summary[field];
      if (value !== undefined) into.summary[field] = value;
    }
  }
}

export function mergeReplies(first: ParseResult, repair: ParseResult): ParseResult {
  const parsed: ParsedSummary = { ...first.parsed, summary: { ...first.parsed.summary } };
  const stillMissing: SummaryField[] = [];
  for (const field of wantedFields(first)) {
    if (repair.missing.includes(field)) stillMissing.push(field);
    else take(field, parsed, repair.parsed);
  }
  const blocking = repair.problems.filter((p) => p === 'refusal' || p === 'empty');
  const complete = stillMissing.length === 0 && blocking.length === 0;
  return { parsed, missing: stillMissing, problems: [...new Set([...first.problems, ...repair.problems])], complete };
}
