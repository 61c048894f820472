/**
 * The summary on a terminal as the model writes it. A terminal cannot take back what it printed, so only lines that
 * the final text will open with are printed (settledLines: finished, checked fields, in order, up to the first gap),
 * each once; when the summary is done, the rest of the final text follows. The whole output is then byte for byte
 * what an unstreamed run prints. Should the final text differ from what was printed (a follow-up request completed
 * or changed an item), a note on stderr says so and the final text follows in full; a stream that broke off and
 * starts again is said on stderr too, and printed again from its first line.
 */
import type { SummaryDraft } from '../core/reply/draft-summary.ts';
import { settledLines } from '../core/reply/draft-text.ts';

export interface DraftPrinter {
  draft(draft: SummaryDraft): void;
  /** The final text (renderText); prints what is not printed yet. */
  finish(finalText: string): void;
}

export interface DraftPrinterIo {
  /** One line to stdout (the newline is added). */
  line: (text: string) => void;
  /** A note to stderr. */
  note: (text: string) => void;
}

const startsWith = (lines: string[], head: string[]) => head.every((l, i) => lines[i] === l);

/** `prefix` goes before the first line (the blank line and "# input" heading between several inputs). */
export function createDraftPrinter(io: DraftPrinterIo, prefix: string): DraftPrinter {
  let printed: string[] = [];
  let started = false;
  let diverged = false;
  const print = (line: string) => {
    io.line(started ? line : prefix + line);
    started = true;
  };
  return {
    draft(d) {
      const restarted = !d.ended && d.finished.length === 0 && d.writing === null && printed.length > 0;
      if (restarted) {
        io.note("the model's answer broke off; it is written again below");
        printed = [];
        diverged = false;
        return;
      }
      const lines = settledLines(d);
      if (diverged || lines.length <= printed.length) return;
      if (!startsWith(lines, printed)) {
        diverged = true;
        return;
      }
      for (const l of lines.slice(printed.length)) print(l);
      printed = lines;
    },
    finish(finalText) {
      const lines = finalText.split('\n');
      if (!started) {
        io.line(prefix + finalText);
        return;
      }
      if (!diverged && startsWith(lines, printed)) {
        for (const l of lines.slice(printed.length)) print(l);
        return;
      }
      io.note('the final summary differs from the lines above (it was checked and completed); here it is in full:');
      io.line(`\n${finalText}`);
    },
  };
}
