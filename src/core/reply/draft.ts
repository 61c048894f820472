/**
 * A reply read while the model is still writing it, with the final parser (parse-summary.ts) and nothing else: which
 * fields are finished and what the field being written says so far. A field is finished once the next one has
 * started, or the answer has ended. Models write the items in order, so the field being written is the last one
 * started; the points of item 6 count as fields of their own.
 */
import { parseSummaryReply, type ParsedSummary, type ParseResult, type SummaryField } from './parse-summary.ts';
import { parsePoints } from './reply-points.ts';
import { ITEM_KEYS, splitSections } from './reply-sections.ts';
import { capLength, joinLines, normalizeReply } from './reply-text.ts';
import type { SummaryPoints } from '../types.ts';

/** The fields in the order of the summary format: items 1–5, then the four points of item 6. */
export const FIELD_ORDER: readonly SummaryField[] = ['title', 'authors', 'affiliation', 'keywords', 'links', 'background', 'priorWork', 'method', 'results'];
const POINTS: ReadonlyArray<keyof SummaryPoints> = ['background', 'priorWork', 'method', 'results'];

/**
 * A last line shorter than this, without a colon, may still become an item's label ("2. Auth"): it waits. So does a
 * label with nothing after it yet ("(3) Method:"), which would count as an empty point, and a line that opens like a
 * label ("(3) Research Metho") until its colon or LABEL_CHARS show which it is. (What was shown may still be held
 * back a moment later, "（2）：过去方法" becoming "（2）：过去方法：": the reporter never goes back.)
 */
const HOLD_CHARS = 16;
const LABEL_CHARS = 40;
const LABEL_START = /^(?:[-*+•]\s*)?(?:[(（]\s*\d\s*[)）]|\d{1,2}\s*[.．、])/;

/** The text of the field being written is cut here, like a finished point (a looping model writes on and on). */
const MAX_WRITING_CHARS = 2000;
/** As parse-summary.ts: longer than any real answer; keeps every read bounded. */
const MAX_READ_CHARS = 100_000;

export interface WritingField {
  field: SummaryField;
  /** What the model wrote for it so far: plain text, not yet checked. Empty for the links, which wait for the check. */
  text: string;
}

export interface ReplyDraft {
  /** The parse of the text so far; only the values of `finished` fields are final. */
  parsed: ParsedSummary;
  /** Finished fields with a usable answer, in format order. */
  finished: SummaryField[];
  writing: WritingField | null;
  ended: boolean;
}

const EMPTY: Omit<ReplyDraft, 'parsed' | 'ended'> = { finished: [], writing: null };

/** The text so far, without a last line that has not yet shown whether it is a label. */
export function settledText(text: string): string {
  const nl = text.lastIndexOf('\n');
  const tail = text.slice(nl + 1).trim();
  const colons = tail.split(/[:：]/).length - 1;
  const bareLabel = colons === 1 && /[:：]$/.test(tail);
  const waits = bareLabel || (colons === 0 && (tail.length < HOLD_CHARS || (tail.length < LABEL_CHARS && LABEL_START.test(tail))));
  return waits ? text.slice(0, nl + 1) : text;
}

/** The field being written and its text so far, from the items the settled text has started. */
function writingField(visible: string): WritingField | null {
  const { items } = splitSections(normalizeReply(visible));
  const last = [...ITEM_KEYS].reverse().find((k) => items[k] !== undefined);
  if (!last) return null;
  if (last !== 'summary') return { field: last, text: last === 'links' ? '' : capLength(joinLines(items[last] ?? []), MAX_WRITING_CHARS) };
  const points = parsePoints(items.summary ?? []);
  const point = [...POINTS].reverse().find((k) => points[k] !== undefined);
  return point ? { field: point, text: capLength(points[point] ?? '', MAX_WRITING_CHARS) } : { field: 'background', text: '' };
}

export type ReplyReader = (textSoFar: string, ended: boolean) => ReplyDraft;

/**
 * Reads one answer as it grows. The whole parse (its run-away checks cost milliseconds) runs again only when a field
 * has been finished, i.e. the field being written changed; in between, only the cheap split into items runs, for the
 * text of the field being written.
 */
export function createReplyReader(): ReplyReader {
  let parsedFor: string | null = null;
  let result: ParseResult | null = null;
  return (textSoFar, ended) => {
    const visible = (ended ? textSoFar : settledText(textSoFar)).slice(0, MAX_READ_CHARS);
    const writing = ended ? null : writingField(visible);
    const key = ended ? '(ended)' : (writing?.field ?? '');
    if (key !== parsedFor || !result) {
      result = parseSummaryReply(visible);
      parsedFor = key;
    }
    // A refusal or a filled-in template is no summary: nothing of it is shown (the summarizer asks again).
    if (result.problems.some((p) => p === 'refusal' || p === 'placeholder')) return { parsed: result.parsed, ended, ...EMPTY };
    const before = writing ? FIELD_ORDER.indexOf(writing.field) : ended ? FIELD_ORDER.length : 0;
    const missing = result.missing;
    const finished = FIELD_ORDER.slice(0, before).filter((f) => !missing.includes(f));
    return { parsed: result.parsed, finished, writing, ended };
  };
}

/** What `textSoFar` says, read once; `ended` once the model's answer is complete (every field given is finished). */
export function readReplyDraft(textSoFar: string, ended: boolean): ReplyDraft {
  return createReplyReader()(textSoFar, ended);
}
