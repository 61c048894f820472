/**
 * The summary while the model writes it, as the chat may show it: each finished field checked against the paper the
 * moment it is finished, exactly as the final summary will be (summaryFromReply: links must occur in the paper, else
 * they are dropped or replaced by the paper's own; authors must be on its first pages). Everything is plain text;
 * each platform escapes it as it escapes the final summary (no pings, no masked links).
 */
import { summaryFromReply } from '../pipeline/summary-from-reply.ts';
import type { Language, PaperStructure, Summary, SummaryPoints } from '../types.ts';
import type { ParsedSummary, SummaryField } from './parse-summary.ts';
import { readReplyDraft, type ReplyDraft, type WritingField } from './draft.ts';

/** The finished fields' checked values, in the Summary's own shape; absent = not finished (or not answered). */
export interface DraftFields {
  title?: string;
  titleOriginal?: string;
  authors?: string[];
  affiliation?: string | null;
  keywords?: string[];
  links?: Summary['links'];
  summary: Partial<SummaryPoints>;
}

export interface SummaryDraft {
  language: Language;
  /** Finished fields with an answer, in the order of the summary format; their values are in `fields`. */
  finished: SummaryField[];
  fields: DraftFields;
  /** The field being written: its text so far, plain and unchecked (links are held back until checked); null when none. */
  writing: WritingField | null;
  /** The model's answer is complete. A follow-up request (for items it left out) may still change the summary. */
  ended: boolean;
}

export interface DraftContext {
  structure: PaperStructure;
  language: Language;
  knownPaperUrl?: string | undefined;
}

/** The model's own words for one field: what the check depends on. */
function claimed(p: ParsedSummary, f: SummaryField): unknown {
  switch (f) {
    case 'title':
      return [p.title, p.titleOriginal];
    case 'links':
      return [p.paperLink, p.codeLink];
    case 'authors':
    case 'affiliation':
    case 'keywords':
      return p[f];
    default:
      return p.summary[f];
  }
}

function pick(summary: Summary, finished: SummaryField[]): DraftFields {
  const fields: DraftFields = { summary: {} };
  for (const f of finished) {
    if (f === 'title') {
      fields.title = summary.title;
      fields.titleOriginal = summary.titleOriginal;
    } else if (f === 'authors' || f === 'keywords') fields[f] = summary[f];
    else if (f === 'affiliation') fields.affiliation = summary.affiliation;
    else if (f === 'links') fields.links = summary.links;
    else fields.summary[f] = summary.summary[f];
  }
  return fields;
}

/**
 * Turns reply drafts into checked summary drafts. The check runs again only when a finished field changes (the paper
 * text is searched for links), not for every piece of text.
 */
export function createDraftChecker(ctx: DraftContext): (reply: ReplyDraft) => SummaryDraft {
  let lastKey = '';
  let lastFields: DraftFields = { summary: {} };
  return (reply) => {
    const key = JSON.stringify(reply.finished.map((f) => [f, claimed(reply.parsed, f)]));
    if (key !== lastKey) {
      lastFields = reply.finished.length ? pick(summaryFromReply(reply.parsed, ctx.structure, ctx.language, ctx.knownPaperUrl), reply.finished) : { summary: {} };
      lastKey = key;
    }
    return { language: ctx.language, finished: reply.finished, fields: lastFields, writing: reply.writing, ended: reply.ended };
  };
}

/** One text so far, read and checked (tests, one-off uses; a stream uses createDraftChecker). */
export function summaryDraft(textSoFar: string, ended: boolean, ctx: DraftContext): SummaryDraft {
  return createDraftChecker(ctx)(readReplyDraft(textSoFar, ended));
}
