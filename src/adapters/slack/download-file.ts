/**
 * Downloads a file shared in Slack with the bot token, without ever sending the token anywhere but Slack.
 *
 * - The token goes only to `files.slack.com` (https) or to the exact host (and port) of SLACK_API_URL; any other URL,
 *   also as a redirect target, is refused before a request is made.
 * - The file's announced `size` is checked against the limit before downloading; the body is read up to the limit and
 *   the download is cancelled past it.
 * - Slack answers a bad token or a missing `files:read` scope with an HTML sign-in page (status 200): anything that is
 *   not a PDF but looks like HTML becomes a plain message naming the scope.
 */
import { PaperError } from '../../core/errors.ts';
import { readLimited } from '../common/read-limited.ts';

export interface SlackFileLike {
  id: string;
  name?: string | undefined;
  mimetype?: string | undefined;
  size?: number | undefined;
  url_private_download?: string | undefined;
  url_private?: string | undefined;
}

export interface DownloadOptions {
  token: string;
  slackApiUrl: string;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

const SLACK_FILE_HOSTS = new Set(['files.slack.com']);

/** May the bot token be sent to this URL? */
export function isSlackFileUrl(url: string, slackApiUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:' && SLACK_FILE_HOSTS.has(u.hostname.toLowerCase()) && (u.port === '' || u.port === '443')) return true;
  try {
    const api = new URL(slackApiUrl);
    return u.protocol === api.protocol && u.host.toLowerCase() === api.host.toLowerCase();
  } catch {
    return false;
  }
}

export function isPdfFile(f: Pick<SlackFileLike, 'name' | 'mimetype'> & { filetype?: string | undefined }): boolean {
  return f.mimetype === 'application/pdf' || f.filetype === 'pdf' || (f.name ?? '').toLowerCase().endsWith('.pdf');
}

const REFUSED_HOST = {
  reason: "the file's download link does not point to Slack's file host, so the bot's token is not sent there",
} as const;

const MISSING_SCOPE = {
  reason:
    'Slack answered with a sign-in page instead of the file. The Slack app is missing the files:read scope (or its token is wrong): add files:read under OAuth & Permissions, reinstall the app, and share the file again',
} as const;

export async function downloadSlackFile(file: SlackFileLike, opts: DownloadOptions): Promise<Uint8Array> {
  if (typeof file.size === 'number' && file.size > opts.maxBytes) {
    throw new PaperError('too_large', { sizeBytes: file.size, limitBytes: opts.maxBytes });
  }
  let url = file.url_private_download ?? file.url_private;
  if (!url) throw new PaperError('download_failed', { reason: 'Slack gave no download link for this file' });
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxRedirects = opts.maxRedirects ?? 3;
  try {
    for (let hop = 0; ; hop++) {
      if (!isSlackFileUrl(url, opts.slackApiUrl)) throw new PaperError('url_refused', { ...REFUSED_HOST });
      const res = await fetch(url, { headers: { Authorization: `Bearer ${opts.token}` }, redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel().catch(() => {});
        if (hop >= maxRedirects) throw new PaperError('download_failed', { reason: 'too many redirects' });
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw new PaperError('download_failed', {
          status: res.status,
          ...(res.status === 401 || res.status === 403 ? { reason: 'Slack refused the download; check that the app has the files:read scope' } : {}),
        });
      }
      const length = Number(res.headers.get('content-length'));
      if (Number.isFinite(length) && length > opts.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new PaperError('too_large', { sizeBytes: length, limitBytes: opts.maxBytes });
      }
      const bytes = await readLimited(res.body, opts.maxBytes);
      const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
      const isHtml = (res.headers.get('content-type') ?? '').includes('text/html') || /^\s*(<!doctype html|<html)/i.test(head);
      if (!head.includes('%PDF-') && isHtml) throw new PaperError('download_failed', { ...MISSING_SCOPE });
      return bytes;
    }
  } catch (err) {
    if (err instanceof PaperError) throw err;
    if (signal.aborted) throw new PaperError('timeout', { stage: 'downloading the file from Slack' });
    throw new PaperError('download_failed', { reason: 'the connection to Slack failed' }, { cause: err });
  }
}
