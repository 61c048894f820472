/** Errors carry a code and data; wording lives in error-messages.ts only. */

export type ErrorCode =
  | 'not_pdf'
  | 'encrypted'
  | 'no_text'
  | 'too_large'
  | 'too_many_pages'
  | 'timeout'
  | 'download_failed'
  | 'url_refused'
  | 'llm_failed'
  | 'rate_limited'
  /** A chat spending cap (USER_QUOTA_PER_HOUR, WORKSPACE_QUOTA_PER_DAY) is used up; data says which and when it resets. */
  | 'quota_exceeded'
  /** The job queue takes no new work now: MAX_WAITING_JOBS are waiting, or the queue's store does not answer. */
  | 'busy';

export type ErrorData = Record<string, string | number | boolean | null | undefined>;

export class PaperError extends Error {
  readonly code: ErrorCode;
  readonly data: ErrorData;

  constructor(code: ErrorCode, data: ErrorData = {}, options?: { cause?: unknown }) {
    super(`${code}${Object.keys(data).length ? ' ' + JSON.stringify(data) : ''}`, options);
    this.name = 'PaperError';
    this.code = code;
    this.data = data;
  }
}

export function isPaperError(err: unknown): err is PaperError {
  return err instanceof PaperError;
}
