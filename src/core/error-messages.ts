/** The one place where error codes become plain words for people. */
import { isPaperError, type ErrorCode, type PaperError } from './errors.ts';

/** "about 40 seconds", "about 3 minutes"; "a few minutes" when the wait is unknown. */
function wait(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return 'a few minutes';
  if (seconds < 90) return `about ${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) > 1 ? 's' : ''}`;
  return `about ${Math.ceil(seconds / 60)} minutes`;
}

const mb = (bytes: unknown) => (typeof bytes === 'number' ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : 'unknown size');

const MESSAGES: Record<ErrorCode, (e: PaperError) => string> = {
  not_pdf: (e) => {
    if (e.data.reason === 'empty') return 'This file is empty. Send the paper as a PDF or give its arXiv id.';
    if (e.data.reason === 'damaged') return 'This PDF is damaged or truncated and cannot be read. Try downloading it again.';
    if (e.data.reason === 'too_complex') return 'This PDF needs more memory to read than allowed; it may be damaged or a decompression bomb.';
    return `This file is not a PDF${e.data.detected ? ` (it looks like ${e.data.detected})` : ''}. Send the paper as a PDF or give its arXiv id.`;
  },
  encrypted: () => 'This PDF is password-protected. Remove the password (or share an unlocked copy) and try again.',
  // reason: the text-layer check's plain words ("it looks scanned (…)", "its text layer is garbled (…)").
  // ocr: 'off' (OCR is turned off here), 'failed' (it ran and could not read the pages: the reason says why).
  no_text: (e) =>
    typeof e.data.reason === 'string' && e.data.reason
      ? e.data.ocr === 'failed'
        ? `This PDF has no usable text layer: ${e.data.reason}. A clearer scan may work; or run OCR on it yourself (e.g. ocrmypdf --force-ocr) and send it again.`
        : `This PDF has no usable text layer: ${e.data.reason}.${e.data.ocr === 'off' ? ' OCR is turned off here.' : ''} Run OCR on it first (e.g. ocrmypdf --force-ocr), then send it again.`
      : 'This PDF has no usable text layer (it looks scanned or its fonts have no text mapping). Run OCR on it first, e.g. with ocrmypdf, then send it again.',
  too_large: (e) => {
    if (e.data.reason === 'memory') {
      return `This PDF needs more memory to read than allowed (${mb(e.data.limitBytes)}), so reading it was stopped. It may be a decompression bomb (a small file that unpacks into a huge one). If it is a real paper, whoever runs paperbot can raise PARSE_MAX_MEMORY_MB.`;
    }
    return `This file is too large (${mb(e.data.sizeBytes)}); the limit is ${mb(e.data.limitBytes)}. Raise MAX_PDF_MB or send a smaller file.`;
  },
  too_many_pages: (e) => `This PDF has ${e.data.pages ?? 'too many'} pages; the limit is ${e.data.limit}.`,
  timeout: (e) =>
    `Reading the paper took too long${e.data.stage ? ` (${e.data.stage})` : ''} and was stopped. The PDF may be damaged or unusually complex.`,
  download_failed: (e) =>
    `Could not get the paper${e.data.status ? ` (HTTP ${e.data.status})` : ''}${e.data.reason ? `: ${e.data.reason}` : ''}.`,
  url_refused: (e) => `That address is not allowed: ${e.data.reason ?? 'only public http(s) addresses can be fetched'}.`,
  llm_failed: (e) => {
    if (e.data.circuitOpen) {
      return `The language model is not reachable right now (its last requests failed), so paperbot has paused asking it. Try again in ${wait(e.data.retryAfterSeconds)}.`;
    }
    if (e.data.reason === 'refused') return 'The language model declined to summarize this paper. Try again later, or with another model.';
    if (e.data.reason === 'empty') return 'The language model sent back an empty answer. Try again in a few minutes.';
    if (e.data.reason === 'unusable') return 'The language model could not produce a usable summary (it kept repeating itself). Try again in a few minutes.';
    return `The language model could not produce a complete summary${e.data.reason ? ` (${e.data.reason})` : ''}. Try again later.`;
  },
  rate_limited: (e) => `The language model is rate-limited right now. Try again in ${wait(e.data.retryAfterSeconds)}.`,
  quota_exceeded: (e) =>
    e.data.quota === 'workspace'
      ? `This workspace has used its ${e.data.limit} summaries/questions for today; try again after ${utcTime(e.data.resetsAt)} (${fromNow(e.data.retryAfterSeconds)}).`
      : `You have used your ${e.data.limit} summaries/questions for this hour; try again after ${utcTime(e.data.resetsAt)} (${fromNow(e.data.retryAfterSeconds)}).`,
  busy: (e) =>
    e.data.reason === 'unavailable'
      ? "paperbot can't take new papers right now (its job queue is not answering). Try again in a few minutes."
      : `paperbot is busy: ${e.data.waiting ?? 'many'} papers are already waiting. Try again ${fromNow(e.data.retryAfterSeconds)}.`,
};

/** "14:05 UTC" from an ISO time (quota windows end on the hour, UTC); "the reset" when unknown. */
function utcTime(iso: unknown): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? `${new Date(t).toISOString().slice(11, 16)} UTC` : 'the reset';
}

/** "in about 25 minutes", "in about 5 hours" (a day quota resets up to a day later); whole minutes at least. */
function fromNow(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return 'soon';
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 90) return `in about ${minutes} minute${minutes > 1 ? 's' : ''}`;
  return `in about ${Math.round(minutes / 60)} hours`;
}

/** Plain words for any error; unknown errors never leak a stack trace. */
export function describeError(err: unknown): { code: ErrorCode | 'internal'; message: string } {
  if (isPaperError(err)) return { code: err.code, message: MESSAGES[err.code](err) };
  return { code: 'internal', message: 'Something went wrong while summarizing this paper. Please try again.' };
}
