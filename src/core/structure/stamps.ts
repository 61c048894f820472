/**
 * Lines that publishers, repositories and libraries stamp onto pages: they are not the paper's text
 * and would otherwise end up in abstracts, headings or the summary.
 */

/** arXiv's sideways margin stamp: "arXiv:2206.10883v3 [cs.CL] 22 Jul 2022" (also old-style ids). */
const ARXIV_STAMP =
  /^arXiv:\s?((?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)\s*\[[^\]]{2,20}\](?:\s+\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})?$/u;

/** Download and licence stamps printed on every page by digital libraries. */
const DOWNLOAD_STAMPS: RegExp[] = [
  /^Authorized licensed use limited to\b/iu,
  /^Downloaded (?:from|on|by|via)\b/iu,
  /^Downloaded \d{1,2} \w{3,9},? \d{4} to \d/iu,
  /\bDownloaded .{0,80}\bto IP\b/iu,
  /^This content downloaded from\b/iu,
  /^Redistribution subject to \w+ licen[cs]e\b/iu,
  /^(?:Restrictions apply\.?|All use subject to https?:\/\/\S+)$/iu,
  /^网络首发(?:时间|地址)\s*[:：]/u,
];

/** pdf-parse's own page separator, in case a caller passes text that still has it. */
const PAGE_MARKER = /^-- \d+ of \d+ --$/u;

/** A line that is only a page number: "12", "- 12 -", "iv", "Page 3 of 11", "第 3 页", "· 6 0 6 ·". */
const PAGE_NUMBER_LINES: RegExp[] = [
  /^[-–—·•|\s]*\d{1,4}[-–—·•|\s]*$/u,
  /^[·•\-–—]?\s*(?:\d\s){1,4}[·•\-–—]?$/u,
  /^[ivxlcdm]{1,7}$/iu,
  /^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/iu,
  /^第\s*\d{1,4}\s*页(?:\s*(?:[,，/]\s*)?共\s*\d{1,4}\s*页)?$/u,
  /^\d{1,4}\s*\/\s*\d{1,4}$/u,
];

export function arxivIdFromStamp(line: string): string | null {
  return ARXIV_STAMP.exec(line.trim())?.[1] ?? null;
}

export function isDownloadStamp(line: string): boolean {
  const t = line.trim();
  return DOWNLOAD_STAMPS.some((re) => re.test(t)) || PAGE_MARKER.test(t);
}

export function isPageNumberLine(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 24 && PAGE_NUMBER_LINES.some((re) => re.test(t));
}
