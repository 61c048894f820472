/**
 * Where a summarized paper came from, so that a button can make the summary again, also after a restart:
 * a link / arXiv id / DOI typed by the user, an attachment of a channel message (fetched again for a fresh CDN
 * link), or a file uploaded with /summarize (its CDN link). Encoded into a short token for a button's custom_id;
 * what does not fit is kept in the summary cache under a hash (`s:<hash>`). Pure except for the cache calls.
 */
import { createHash } from 'node:crypto';
import type { SummaryCache } from '../../core/ports.ts';

export type SourceRef =
  | { kind: 'link'; input: string }
  | { kind: 'message'; channelId: string; messageId: string; attachmentId: string }
  | { kind: 'upload'; url: string; name: string; size: number };

/** Room left for the reference in a custom_id after `pb:<action>:<language>:`. */
export const MAX_REF_TOKEN = 100 - 'pb:r:zh:'.length;

const SNOWFLAKE = /^\d{1,25}$/;

/** The inline token, or null when the reference cannot be inlined (then it is stored). */
export function inlineRefToken(ref: SourceRef): string | null {
  let token: string | null = null;
  if (ref.kind === 'link') token = `l:${ref.input}`;
  if (ref.kind === 'message') token = `m:${ref.channelId}.${ref.messageId}.${ref.attachmentId}`;
  return token !== null && token.length <= MAX_REF_TOKEN ? token : null;
}

export function decodeInlineRef(token: string): SourceRef | null {
  if (token.startsWith('l:') && token.length > 2) return { kind: 'link', input: token.slice(2) };
  if (token.startsWith('m:')) {
    const [channelId, messageId, attachmentId] = token.slice(2).split('.');
    if ([channelId, messageId, attachmentId].every((p) => p !== undefined && SNOWFLAKE.test(p))) {
      return { kind: 'message', channelId: channelId!, messageId: messageId!, attachmentId: attachmentId! };
    }
  }
  return null;
}

export const storedRefKey = (hash: string) => `discord-ref:${hash}`;

/** A token for the button: inline when it fits, else stored in the cache (which persists across restarts). */
export async function refToken(ref: SourceRef, cache: SummaryCache | undefined): Promise<string | null> {
  const inline = inlineRefToken(ref);
  if (inline) return inline;
  if (!cache) return null;
  const hash = createHash('sha256').update(JSON.stringify(ref)).digest('hex').slice(0, 32);
  await cache.set(storedRefKey(hash), ref);
  return `s:${hash}`;
}

export async function resolveRefToken(token: string, cache: SummaryCache | undefined): Promise<SourceRef | null> {
  if (token.startsWith('s:')) {
    if (!cache || !/^[0-9a-f]{32}$/.test(token.slice(2))) return null;
    const ref = await cache.get<SourceRef>(storedRefKey(token.slice(2)));
    return ref && typeof ref === 'object' && 'kind' in ref ? ref : null;
  }
  return decodeInlineRef(token);
}
