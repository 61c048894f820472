/** The JSON form of `summarize --json` (README "JSON output"), one object per input. */
import type { SummaryResult } from './core/types.ts';

export function toJson(input: string, r: SummaryResult) {
  return {
    input,
    ok: true as const,
    title: r.title,
    titleOriginal: r.titleOriginal,
    authors: r.authors,
    affiliation: r.affiliation,
    keywords: r.keywords,
    links: r.links,
    summary: r.summary,
    language: r.language,
    engine: r.engine,
    model: r.engine === 'llm' ? r.model : null,
    cached: r.cached,
    source: r.source,
    usage: r.engine === 'llm' ? r.usage : null,
  };
}

export function failureJson(input: string, code: string, message: string) {
  return { input, ok: false as const, error: { code, message } };
}
