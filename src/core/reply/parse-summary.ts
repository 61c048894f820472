/**
 * Tolerant parser of a model's answer to the six-item summary prompt.
 * Real replies vary a lot (see ../shared/llm-outputs): it reads what is there, says what is missing
 * (so one follow-up can ask for exactly that) and flags replies that are no answer at all.
 */
import { parseAffiliation, parseAuthors, parseKeywords, parseLinks, parseTitle } from './reply-fields.ts';
import { parsePoints, type PointKey } from './reply-points.ts';
import { countXxx, cutRunaway, isPlaceholder, looksLikeRefusal } from './reply-problems.ts';
import { ITEM_KEYS, splitSections, type ItemKey } from './reply-sections.ts';
import { normalizeReply } from './reply-text.ts';
import type { SummaryPoints } from '../types.ts';

export type SummaryField =
  | 'title'
  | 'authors'
  | 'affiliation'
  | 'keywords'
  | 'links'
  | 'background'
  | 'priorWork'
  | 'method'
  | 'results';

export interface ParsedSummary {
  /** Title in the output language. */
  title: string | null;
  /** Title as printed, when the reply gives a second form; null when only one form is given. */
  titleOriginal: string | null;
  authors: string[];
  affiliation: string | null;
  keywords: string[];
  /** A URL, or an arXiv id as https://arxiv.org/abs/<id>; null for None, absent or placeholder. */
  paperLink: string | null;
  /** A code-host URL; null for any spelling of None or a placeholder. */
  codeLink: string | null;
  summary: Partial<SummaryPoints>;
}

export type ReplyProblem = 'refusal' | 'placeholder' | 'repetition' | 'empty';

export interface ParseResult {
  parsed: ParsedSummary;
  /** Fields absent or unusable (placeholder, xxx, echoed instruction). */
  missing: SummaryField[];
  problems: ReplyProblem[];
  /** No field missing and no refusal/placeholder/empty problem. */
  complete: boolean;
}

const POINT_KEYS: readonly PointKey[] = ['background', 'priorWork', 'method', 'results'];
const ALL_FIELDS: readonly SummaryField[] = ['title', 'authors', 'affiliation', 'keywords', 'links', ...POINT_KEYS];
/** Longer than any real answer; keeps the line-by-line work bounded. */
const MAX_REPLY_CHARS = 100_000;
/** Template slots spread over the reply: a filled-in template, not an answer. */
const TEMPLATE_XXX = 3;

function emptyParsed(): ParsedSummary {
  return { title: null, titleOriginal: null, authors: [], affiliation: null, keywords: [], paperLink: null, codeLink: null, summary: {} };
}

export function parseSummaryReply(reply: string): ParseResult {
  const text = normalizeReply(reply.slice(0, MAX_REPLY_CHARS));
  if (!text) return { parsed: emptyParsed(), missing: [...ALL_FIELDS], problems: ['empty'], complete: false };

  const { preamble, items } = splitSections(text);
  let repetition = false;
  /** An item's lines with any run-away tail cut off; null when the item is absent. */
  const body = (key: ItemKey): string[] | null => {
    const lines = items[key];
    if (!lines) return null;
    const { text: kept, cut } = cutRunaway(lines.join('\n'));
    repetition ||= cut;
    return kept.split('\n');
  };

  const parsed = emptyParsed();
  const answered = new Set<SummaryField>();
  const titleLines = body('title');
  if (titleLines) {
    const t = parseTitle(titleLines);
    parsed.title = t.title;
    parsed.titleOriginal = t.titleOriginal;
    if (t.answered) answered.add('title');
  }
  const authorLines = body('authors');
  if (authorLines) {
    const a = parseAuthors(authorLines);
    parsed.authors = a.authors;
    if (a.answered) answered.add('authors');
  }
  const affiliationLines = body('affiliation');
  if (affiliationLines) {
    const a = parseAffiliation(affiliationLines);
    parsed.affiliation = a.affiliation;
    if (a.answered) answered.add('affiliation');
  }
  const keywordLines = body('keywords');
  if (keywordLines) {
    const k = parseKeywords(keywordLines);
    parsed.keywords = k.keywords;
    if (k.answered) answered.add('keywords');
  }
  const linkLines = body('links');
  if (linkLines) {
    const l = parseLinks(linkLines);
    parsed.paperLink = l.paperLink;
    parsed.codeLink = l.codeLink;
    if (l.answered) answered.add('links');
  }
  const summaryLines = items.summary;
  if (summaryLines) {
    const points = parsePoints(summaryLines);
    for (const key of POINT_KEYS) {
      const raw = points[key];
      if (!raw) continue;
      // Per point, so one looping point does not cost the others.
      const { text: kept, cut } = cutRunaway(raw);
      repetition ||= cut;
      if (kept && !isPlaceholder(kept)) {
        parsed.summary[key] = kept;
        answered.add(key);
      }
    }
  }

  const missing = ALL_FIELDS.filter((f) => !answered.has(f));
  const problems: ReplyProblem[] = [];
  const foundAny = ITEM_KEYS.some((k) => items[k]?.some((l) => l.trim()));
  const preambleText = preamble.join('\n').trim();
  if (!foundAny && (preambleText || looksLikeRefusal(text))) problems.push('refusal');
  // With items found, an "xxx" left in item 8 (another prompt's answer) is not this reply's problem.
  const itemText = ITEM_KEYS.map((k) => items[k]?.join('\n') ?? '').join('\n');
  const xxx = countXxx(foundAny ? `${preambleText}\n${itemText}` : text);
  const placeholderFields = ITEM_KEYS.filter((k) => countXxx(items[k]?.join('\n') ?? '') > 0).length;
  if (xxx >= TEMPLATE_XXX || placeholderFields >= 2) problems.push('placeholder');
  if (repetition) problems.push('repetition');
  const complete = missing.length === 0 && !problems.some((p) => p !== 'repetition');
  return { parsed, missing, problems, complete };
}
