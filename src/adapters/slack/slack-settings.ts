/**
 * What the Slack app needs to know, in Slack's own terms. The wiring (commands/platforms.ts) fills it from the
 * validated configuration; the adapter never reads the environment-shaped Config.
 */
import type { Language } from '../../core/types.ts';
import type { SlackStreamingMode } from './slack-streaming.ts';

export interface SlackSettings {
  /** The bot token (xoxb-…): every Web API call and file download. */
  botToken: string;
  /** HTTP mode: the secret Slack signs Events API requests with. */
  signingSecret?: string | undefined;
  /** Socket Mode (preferred over HTTP when both are set): the app-level token (xapp-…). */
  appToken?: string | undefined;
  /** The Web API base URL; default https://slack.com/api/. */
  apiUrl?: string | undefined;
  /** The HTTP port (events in HTTP mode, /healthz and /metrics in both). */
  port: number;
  /** The summary language when a request names none. */
  defaultLanguage: Language;
  /** How long one file download may take. */
  downloadTimeoutMs: number;
  /** Where typed arXiv ids are downloaded from (ARXIV_PDF_URL, a mirror); unset = arxiv.org. */
  arxivPdfUrl?: string | undefined;
  /** When set, the app answers only in these channels (ids). */
  allowedChannels?: readonly string[] | undefined;
  /**
   * How a summary (or an answer) is shown while it is written: `native` (Slack's streaming methods), `update` (edits
   * of the placeholder), `auto` (native, edits where Slack refuses it; the default), `off` (not at all).
   */
  streaming?: SlackStreamingMode | undefined;
}

/** How the app receives events: Socket Mode with an app token, HTTP with a signing secret; null when it cannot run. */
export function slackMode(settings: Pick<SlackSettings, 'botToken' | 'signingSecret' | 'appToken'>): 'http' | 'socket' | null {
  if (!settings.botToken) return null;
  if (settings.appToken) return 'socket';
  if (settings.signingSecret) return 'http';
  return null;
}
