/**
 * What the Discord bot needs to know, in Discord's own terms. The wiring (commands/platforms.ts) fills it from the
 * validated configuration; the adapter never reads the environment-shaped Config.
 */
import type { Language } from '../../core/types.ts';

export interface DiscordSettings {
  /** The bot token: REST calls and the gateway login. */
  token: string;
  /** The REST base URL (the gateway URL comes from its GET /gateway/bot); default https://discord.com/api. Its origin is trusted for attachments. */
  apiUrl?: string | undefined;
  /** One more exact origin attachments may come from (a CDN proxy). */
  cdnUrl?: string | undefined;
  /** Channels (ids) where dropped PDFs are summarized without a command; needs the Message Content intent. */
  autoChannels?: readonly string[] | undefined;
  /** When set, the bot answers only in these servers (ids). */
  allowedGuilds?: readonly string[] | undefined;
  /** The summary language when a request names none. */
  defaultLanguage: Language;
  /** How long one attachment or link download may take. */
  downloadTimeoutMs: number;
  /** Where typed arXiv ids are downloaded from (ARXIV_PDF_URL, a mirror); unset = arxiv.org. */
  arxivPdfUrl?: string | undefined;
}
