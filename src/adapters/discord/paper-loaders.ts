/**
 * Turns a SourceRef into a loader of PDF bytes: links through the core's loadPaper and guarded fetcher (never a
 * local path), attachments through the CDN-only downloader, a channel message's attachment by fetching the message
 * again (its CDN link is fresh then).
 */
import { Routes, type APIMessage, type REST } from 'discord.js';
import { loadPaper, type LoadedPaper } from '../../core/input/load-paper.ts';
import { PaperError } from '../../core/errors.ts';
import type { Fetcher } from '../../core/ports.ts';
import { downloadAttachment, isPdfAttachment, type AttachmentLike } from './download-attachment.ts';
import type { SourceRef } from './source-ref.ts';

export interface LoaderDeps {
  fetcher: Fetcher;
  rest: REST;
  maxBytes: number;
  timeoutMs: number;
  extraOrigins?: readonly string[] | undefined;
  /** Where typed arXiv ids are downloaded from (ARXIV_PDF_URL). */
  arxivPdfUrl?: string | undefined;
}

export type Loader = (downloading: () => void) => Promise<LoadedPaper>;

const NO_LOCAL = async (): Promise<never> => {
  throw new PaperError('url_refused', { reason: 'local files cannot be read from chat' });
};

export function linkLoader(input: string, deps: LoaderDeps): Loader {
  return (downloading) => loadPaper(input, { fetcher: deps.fetcher, maxBytes: deps.maxBytes, arxivPdfUrl: deps.arxivPdfUrl, readFile: NO_LOCAL, statSize: NO_LOCAL }, downloading);
}

export function attachmentLoader(a: AttachmentLike, deps: LoaderDeps): Loader {
  return async (downloading) => {
    downloading();
    const bytes = await downloadAttachment(a, { maxBytes: deps.maxBytes, timeoutMs: deps.timeoutMs, extraOrigins: deps.extraOrigins });
    return { bytes, fileName: a.name };
  };
}

function messageLoader(channelId: string, messageId: string, attachmentId: string, deps: LoaderDeps): Loader {
  return async (downloading) => {
    let message: APIMessage;
    try {
      message = (await deps.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
    } catch (err) {
      throw new PaperError('download_failed', { reason: 'the message with the PDF is gone or I cannot read that channel any more' }, { cause: err });
    }
    const att = message.attachments.find((a) => a.id === attachmentId) ?? message.attachments.find((a) => isPdfAttachment({ name: a.filename, contentType: a.content_type }));
    if (!att) throw new PaperError('download_failed', { reason: 'the PDF was removed from the message' });
    return attachmentLoader({ url: att.url, name: att.filename, size: att.size, contentType: att.content_type }, deps)(downloading);
  };
}

export function loaderFor(ref: SourceRef, deps: LoaderDeps): Loader {
  switch (ref.kind) {
    case 'link':
      return linkLoader(ref.input, deps);
    case 'upload':
      return attachmentLoader({ url: ref.url, name: ref.name, size: ref.size }, deps);
    case 'message':
      return messageLoader(ref.channelId, ref.messageId, ref.attachmentId, deps);
  }
}
