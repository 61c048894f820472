/**
 * A reading-order measure that needs no new ground truth: how much page-1 text comes before the
 * expected title, not counting page furniture (download/arXiv stamps, page numbers, and lines that
 * repeat on other pages with only their digits changed, i.e. running heads). In content-stream
 * order many publishers' PDFs start with the page-1 footer or footnotes; in reading order the
 * title comes first, after at most a journal header line.
 */
import { arxivIdFromStamp, isDownloadStamp, isPageNumberLine } from '../../src/core/structure/stamps.ts';
import { looseText } from './match.ts';

const shape = (line: string) => looseText(line.replace(/\d+/g, ''));

/** Loose characters before the title on page 1, or null when the title is not found there. */
export function charsBeforeTitle(pages: readonly string[], title: string): number | null {
  const [first = '', ...rest] = pages;
  const elsewhere = new Set(rest.flatMap((p) => p.split('\n').map(shape)).filter((s) => s.length >= 8));
  const content = first
    .split('\n')
    .filter((l) => l.trim() && !isDownloadStamp(l) && !arxivIdFromStamp(l) && !isPageNumberLine(l) && !elsewhere.has(shape(l)))
    .map(looseText)
    .join('');
  const head = looseText(title).slice(0, 24);
  const at = head ? content.indexOf(head) : -1;
  return at < 0 ? null : at;
}

/** The title comes first: nothing before it but furniture or one short header line. */
export const TITLE_FIRST_SLACK = 80;
