/**
 * A summary draft as the six-item text form, the lines of renderText (render-text.ts) for the fields the draft has,
 * plus the line being written: the same words, labels and order as the final text, so a reader sees the final summary
 * grow, and a terminal can print the finished lines at once and the rest when the summary is done. Plain text: each
 * platform escapes it like the final summary.
 */
import type { SummaryField } from './parse-summary.ts';
import { FIELD_ORDER } from './draft.ts';
import type { SummaryDraft } from './draft-summary.ts';
import { renderText } from './render-text.ts';
import type { Language, SummaryResult } from '../types.ts';

export interface DraftLine {
  /** The field the line shows; null for a line of the format itself ("6. Summary:"). */
  field: SummaryField | null;
  line: string;
  /** False for the line being written. */
  finished: boolean;
}

const mark = (f: SummaryField) => `\u0000${FIELD_ORDER.indexOf(f)}\u0000`;
const MARK = /\u0000(\d)\u0000/;

/** renderText's input with every field set to `value(field)`. */
function resultWith(language: Language, value: (f: SummaryField) => string): SummaryResult {
  return {
    title: value('title'),
    titleOriginal: value('title'),
    authors: [value('authors')],
    affiliation: value('affiliation'),
    keywords: [value('keywords')],
    links: { paper: value('links'), code: value('links') },
    summary: { background: value('background'), priorWork: value('priorWork'), method: value('method'), results: value('results') },
    language,
    engine: 'llm',
    model: null,
    cached: false,
    source: { sha256: '', pages: 0, fileName: '' },
    usage: null,
  };
}

/** Which field each line of renderText shows (null: a line of the format), learnt once per language. */
const templates = new Map<Language, Array<{ field: SummaryField | null; line: string }>>();
function template(language: Language) {
  let t = templates.get(language);
  if (!t) {
    t = renderText(resultWith(language, mark))
      .split('\n')
      .map((line) => ({ line, field: FIELD_ORDER[Number(MARK.exec(line)?.[1] ?? NaN)] ?? null }));
    templates.set(language, t);
  }
  return t;
}

/** One line per value: a value never breaks the line structure. */
const oneLine = (s: string) =>
  s.includes('\n')
    ? s
        .split('\n')
        .map((l) => l.trim())
        .join(' ')
    : s;

/** The draft's lines in format order: finished fields as the final text shows them, then the field being written. */
export function draftLines(draft: SummaryDraft, cursor = ' …'): DraftLine[] {
  const { fields, finished, writing } = draft;
  const has = new Set<SummaryField>(finished);
  const real: SummaryResult = {
    ...resultWith(draft.language, mark),
    ...(has.has('title') ? { title: oneLine(fields.title ?? ''), titleOriginal: oneLine(fields.titleOriginal ?? '') } : {}),
    ...(has.has('authors') ? { authors: (fields.authors ?? []).map(oneLine) } : {}),
    ...(has.has('affiliation') ? { affiliation: fields.affiliation == null ? null : oneLine(fields.affiliation) } : {}),
    ...(has.has('keywords') ? { keywords: (fields.keywords ?? []).map(oneLine) } : {}),
    ...(has.has('links') && fields.links ? { links: fields.links } : {}),
  };
  real.summary = { ...real.summary };
  for (const k of ['background', 'priorWork', 'method', 'results'] as const) if (has.has(k)) real.summary[k] = oneLine(fields.summary[k] ?? '');
  const rendered = renderText(real).split('\n');
  const anyPoint = finished.some((f) => FIELD_ORDER.indexOf(f) >= 5) || (writing !== null && FIELD_ORDER.indexOf(writing.field) >= 5);
  const out: DraftLine[] = [];
  for (const [i, t] of template(draft.language).entries()) {
    if (t.field === null) {
      // "6. Summary:" heads the points: shown with the first of them.
      if (anyPoint) out.push({ field: null, line: t.line, finished: true });
      continue;
    }
    if (has.has(t.field)) out.push({ field: t.field, line: rendered[i] ?? '', finished: true });
    else if (writing?.field === t.field) {
      const at = t.line.search(MARK);
      out.push({ field: t.field, line: `${t.line.slice(0, at)}${oneLine(writing.text)}${cursor}`, finished: false });
    }
  }
  return out;
}

/** The draft as text: the finished lines and the line being written (ending in `cursor`). Empty when nothing is written yet. */
export function renderDraftText(draft: SummaryDraft, cursor = ' …'): string {
  return draftLines(draft, cursor)
    .map((l) => l.line)
    .join('\n');
}

/**
 * The finished lines that open the final text whatever else the model writes: the draft's finished lines up to the
 * first field that is missing or still being written. A terminal prints these as they come.
 */
export function settledLines(draft: SummaryDraft): string[] {
  const lines = draftLines(draft);
  const out: string[] = [];
  for (const [i, t] of template(draft.language).entries()) {
    const l = lines[i];
    if (!l?.finished || l.field !== t.field) break;
    out.push(l.line);
  }
  return out;
}
