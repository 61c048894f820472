/**
 * A parsed reply checked against the paper and completed from it: the Summary one request shows (the paper's
 * verified links, with the request's own paper link when its input named one). One place, so that the summary
 * streamed while the model writes (reply/draft-summary.ts) says what the final one will say.
 */
import type { ParsedSummary } from '../reply/parse-summary.ts';
import type { Language, PaperStructure, Summary } from '../types.ts';
import { linksForRequest, verifyAuthors, verifyLinks } from './verify-summary.ts';

/** `knownPaperUrl` only for what this one request sees (a draft); what is cached is made without it (shared by all). */
export function summaryFromReply(p: ParsedSummary, structure: PaperStructure, language: Language, knownPaperUrl?: string): Summary {
  const titleOriginal = structure.title ?? p.titleOriginal ?? p.title ?? '';
  return {
    title: p.title ?? titleOriginal,
    titleOriginal,
    authors: verifyAuthors(p.authors, structure),
    affiliation: p.affiliation ?? structure.affiliation,
    keywords: p.keywords.length > 0 ? p.keywords : structure.keywords,
    links: linksForRequest(verifyLinks({ paper: p.paperLink, code: p.codeLink }, structure), knownPaperUrl),
    summary: {
      background: p.summary.background ?? '',
      priorWork: p.summary.priorWork ?? '',
      method: p.summary.method ?? '',
      results: p.summary.results ?? '',
    },
    language,
  };
}
