/**
 * A Slack summary job as the queue keeps it: plain JSON with everything needed to do it again after a restart and
 * to answer in the same thread (workspace, channel, message and thread ts, where the PDF comes from, language, engine).
 */
import type { Engine, Language } from '../../core/types.ts';
import type { SlackFileLike } from './download-file.ts';

/** The queue's name for Slack jobs. */
export const SLACK_JOB_KIND = 'slack';

export type SlackJobFile = SlackFileLike & { filetype?: string; file_access?: string };

export type SlackJobSource =
  /** A shared file, as the event described it (files.info is asked again when the link is missing). */
  | { kind: 'file'; file: SlackJobFile }
  /** A link, arXiv id or DOI typed in chat. */
  | { kind: 'link'; input: string };

export interface SlackJobPayload {
  platform: 'slack';
  team: string;
  channel: string;
  /** The message that asked (reactions go on it). */
  messageTs: string;
  /** Where replies go. */
  threadTs: string;
  language: Language;
  engine: Engine;
  bypassCache?: boolean;
  source: SlackJobSource;
  /** This job holds the channel + file claim: a failure that may pass releases it, so sharing again retries. */
  releasesFileClaim?: boolean;
  /** Who asked (user and team ids): Slack's streaming methods need them in channels. */
  recipient?: { user: string; team: string };
}

/** The fields of a Slack file object a job needs (the event's object carries much more: thumbnails, previews, …). */
export function jobFile(f: SlackJobFile): SlackJobFile {
  const out: SlackJobFile = { id: f.id };
  if (f.name !== undefined) out.name = f.name;
  if (f.mimetype !== undefined) out.mimetype = f.mimetype;
  if (f.filetype !== undefined) out.filetype = f.filetype;
  if (f.size !== undefined) out.size = f.size;
  if (f.url_private_download !== undefined) out.url_private_download = f.url_private_download;
  if (f.url_private !== undefined) out.url_private = f.url_private;
  if (f.file_access !== undefined) out.file_access = f.file_access;
  return out;
}
