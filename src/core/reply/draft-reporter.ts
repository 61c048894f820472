/**
 * From a model's text so far to 'writing' reports: the text is read (draft.ts) and checked (draft-summary.ts) when a
 * field may have been finished (a line break or a colon came, or a label held back may now show what follows it) or
 * `intervalMs` has passed, and a draft goes out at most
 * once per `intervalMs`, at once when a field is finished (or the text starts over after a broken stream), never twice
 * the same, never empty before anything was shown, and never behind one already reported (a label being written can
 * look like text for a moment). No timers: a stream that pauses has nothing new to say.
 */
import { createDraftChecker, type DraftContext, type SummaryDraft } from './draft-summary.ts';
import { createReplyReader, FIELD_ORDER, settledText } from './draft.ts';

export const DRAFT_INTERVAL_MS = 250;

export interface DraftReporter {
  /** The model's whole text so far (LanguageModel's onText). */
  onText(textSoFar: string): void;
  /** The answer is complete (after the reply checks): every field it gave is finished. Nothing when nothing streamed. */
  end(text: string): void;
}

export interface DraftReporterOptions extends DraftContext {
  report: (draft: SummaryDraft) => void;
  intervalMs?: number;
  now?: () => number;
}

const isEmpty = (d: SummaryDraft) => d.finished.length === 0 && d.writing === null;

/** How far into the format a draft has come: past its last finished field, or at the field being written. */
function reach(d: SummaryDraft): number {
  const last = d.finished.at(-1);
  return Math.max(last ? FIELD_ORDER.indexOf(last) + 1 : 0, d.writing ? FIELD_ORDER.indexOf(d.writing.field) : -1);
}

export function createDraftReporter(opts: DraftReporterOptions): DraftReporter {
  const check = createDraftChecker(opts);
  const read = createReplyReader();
  const interval = opts.intervalMs ?? DRAFT_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  let readAt = -Infinity;
  let readLength = 0;
  let held = false;
  let heard = false;
  let last: SummaryDraft | null = null;
  let lastAt = -Infinity;
  let lastShown = '';

  const offer = (draft: SummaryDraft, force: boolean, t: number) => {
    const shown = `${draft.finished.join()}|${draft.writing?.field ?? ''}|${draft.writing?.text ?? ''}|${draft.ended}`;
    // Nothing to show yet (a preamble, a refusal) is no news; after something was shown, it clears it (a restart).
    if (shown === lastShown || (isEmpty(draft) && (!last || isEmpty(last)))) return;
    const finishedMore = draft.finished.length > (last?.finished.length ?? 0);
    if (!force && last && (draft.finished.length < last.finished.length || reach(draft) < reach(last))) return;
    if (!force && !finishedMore && t - lastAt < interval) return;
    last = draft;
    lastAt = t;
    lastShown = shown;
    opts.report(draft);
  };

  return {
    onText(text) {
      heard = true;
      const t = now();
      const restarted = text.length < readLength;
      // Only a line break or a colon can finish a field (or the piece after a label); plain text just grows the one
      // being written.
      const boundary = restarted || held || /[\n:：]/.test(text.slice(readLength));
      readLength = text.length;
      if (!boundary && t - readAt < interval) return;
      readAt = t;
      held = settledText(text).length < text.length;
      offer(check(read(text, false)), restarted, t);
    },
    end(text) {
      // An answer that came whole (STREAMING=off, an endpoint that does not stream) is the final summary's business.
      if (heard) offer(check(read(text, true)), true, now());
    },
  };
}
