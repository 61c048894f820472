/**
 * Downloads a Discord attachment, from Discord's CDN only.
 *
 * - The URL (and every redirect) must be https on cdn.discordapp.com or media.discordapp.net, or on one of the exact
 *   `extraOrigins`: the origin of DISCORD_API_URL (a REST proxy or compatible server serves its files there too) and
 *   of DISCORD_CDN_URL. Anything else is refused before a request is made: attachment URLs come from Discord's
 *   payloads, and the bot must not become a way to fetch other addresses.
 * - The size announced in the payload is checked before downloading, `content-length` before reading the body, and
 *   the body is cut off once it grows past the limit. One deadline covers the whole download.
 * - CDN links are signed and expire, so a download is done at once; 403/404 are explained as an expired link.
 */
import { PaperError } from '../../core/errors.ts';
import { readLimited } from '../common/read-limited.ts';

export interface AttachmentLike {
  url: string;
  name: string;
  size?: number | null | undefined;
  contentType?: string | null | undefined;
}

export interface AttachmentDownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Exact origins allowed besides Discord's CDN, e.g. `http://127.0.0.1:1234` (tests). */
  extraOrigins?: readonly string[] | undefined;
  maxRedirects?: number;
}

export const DISCORD_CDN_HOSTS: ReadonlySet<string> = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

export function isAllowedAttachmentUrl(url: string, extraOrigins: readonly string[] = []): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:' && DISCORD_CDN_HOSTS.has(u.hostname.toLowerCase()) && (u.port === '' || u.port === '443')) return true;
  return extraOrigins.some((o) => {
    try {
      return new URL(o).origin === u.origin;
    } catch {
      return false;
    }
  });
}

/** The exact origins the operator configured for Discord: the REST base's (DISCORD_API_URL, default https://discord.com) and the CDN proxy's (DISCORD_CDN_URL). */
export function configuredAttachmentOrigins(settings: { apiUrl?: string | undefined; cdnUrl?: string | undefined }): string[] {
  const origins: string[] = [];
  for (const url of [settings.apiUrl, settings.cdnUrl]) {
    if (!url) continue;
    try {
      origins.push(new URL(url).origin);
    } catch {
      // The configuration already refused a malformed URL; nothing to add.
    }
  }
  return origins;
}

export function isPdfAttachment(a: Pick<AttachmentLike, 'name' | 'contentType'>): boolean {
  return (a.contentType ?? '').toLowerCase().startsWith('application/pdf') || a.name.toLowerCase().endsWith('.pdf');
}

/** Throws too_large when the payload already says the file is over the limit (no download needed to know). */
export function checkAnnouncedSize(a: Pick<AttachmentLike, 'size'>, maxBytes: number): void {
  if (typeof a.size === 'number' && a.size > maxBytes) throw new PaperError('too_large', { sizeBytes: a.size, limitBytes: maxBytes });
}

const NOT_CDN = { reason: "the attachment's link does not point to Discord's CDN" } as const;
const EXPIRED = { reason: 'the attachment link has expired or the file was deleted; send the file again' } as const;

export async function downloadAttachment(a: AttachmentLike, opts: AttachmentDownloadOptions): Promise<Uint8Array> {
  checkAnnouncedSize(a, opts.maxBytes);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxRedirects = opts.maxRedirects ?? 3;
  let url = a.url;
  try {
    for (let hop = 0; ; hop++) {
      if (!isAllowedAttachmentUrl(url, opts.extraOrigins)) throw new PaperError('url_refused', { ...NOT_CDN });
      const res = await fetch(url, { redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => {});
        if (hop >= maxRedirects) throw new PaperError('download_failed', { reason: 'too many redirects' });
        url = new URL(location, url).href;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw new PaperError('download_failed', { status: res.status, ...(res.status === 403 || res.status === 404 ? EXPIRED : {}) });
      }
      const length = Number(res.headers.get('content-length'));
      if (Number.isFinite(length) && length > opts.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new PaperError('too_large', { sizeBytes: length, limitBytes: opts.maxBytes });
      }
      return await readLimited(res.body, opts.maxBytes);
    }
  } catch (err) {
    if (err instanceof PaperError) throw err;
    if (signal.aborted) throw new PaperError('timeout', { stage: 'downloading the attachment from Discord' });
    throw new PaperError('download_failed', { reason: "the connection to Discord's CDN failed" }, { cause: err });
  }
}
