/**
 * Slack's side of the shared job flow: a queued payload becomes a request, a loader (the shared file through
 * files.info and the bot token, or a typed link through the guarded fetcher) and a thread poster. A failure that may
 * pass releases the channel + file claim, so sharing the file again retries it.
 */
import type { Logger, webApi } from '@slack/bolt';
import { loadPaper } from '../../core/input/load-paper.ts';
import { PaperError } from '../../core/errors.ts';
import type { Fetcher } from '../../core/ports.ts';
import type { DeliveryLedger } from '../../core/queue/index.ts';
import type { PaperLoader, PlatformJobs } from '../common/job-flow/platform-jobs.ts';
import type { ThreadPapers } from '../common/thread-papers.ts';
import { failureMayPass, type SlackClaims } from './claims.ts';
import { downloadSlackFile } from './download-file.ts';
import { progressText } from './progress-text.ts';
import { SLACK_JOB_KIND, type SlackJobFile, type SlackJobPayload } from './slack-job.ts';
import type { SlackStreaming } from './slack-streaming.ts';
import { threadPoster } from './thread-poster.ts';

export interface SlackJobsDeps {
  client: webApi.WebClient;
  token: string;
  slackApiUrl: string;
  fetcher: Fetcher;
  maxPdfBytes: number;
  downloadTimeoutMs: number;
  arxivPdfUrl?: string | undefined;
  logger: Logger;
  ledger: DeliveryLedger;
  claims: SlackClaims;
  /** Summaries get 👍 / 👎 buttons (votes kept in the cache). */
  feedback: boolean;
  /** Remembers which paper a thread is about (questions in the thread are answered from it). */
  papers?: ThreadPapers | undefined;
  /** Show summaries while they are written (null: not at all). */
  streaming?: SlackStreaming | null | undefined;
}

const NO_LOCAL_FILES = async (): Promise<never> => {
  throw new PaperError('url_refused', { reason: 'local files cannot be read from chat' });
};

export function slackJobs(deps: SlackJobsDeps): PlatformJobs<SlackJobPayload> {
  const { client } = deps;

  /** Slack Connect files arrive as stubs: ask files.info for the real object. */
  const fullFile = async (file: SlackJobFile): Promise<SlackJobFile> => {
    if (file.file_access !== 'check_file_info' && file.url_private_download) return file;
    const info = await client.files.info({ file: file.id });
    if (!info.file) throw new PaperError('download_failed', { reason: 'Slack did not return the file (files.info)' });
    return info.file as SlackJobFile;
  };

  const fileLoader = (file: SlackJobFile): PaperLoader => async (downloading) => {
    const full = await fullFile(file);
    downloading();
    const bytes = await downloadSlackFile(full, { token: deps.token, slackApiUrl: deps.slackApiUrl, maxBytes: deps.maxPdfBytes, timeoutMs: deps.downloadTimeoutMs });
    return { bytes, fileName: full.name ?? file.name ?? 'paper.pdf' };
  };

  /** A link, arXiv id or DOI typed in chat (never a local path). */
  const linkLoader = (input: string): PaperLoader => (downloading) =>
    loadPaper(input, { fetcher: deps.fetcher, maxBytes: deps.maxPdfBytes, arxivPdfUrl: deps.arxivPdfUrl, readFile: NO_LOCAL_FILES, statSize: NO_LOCAL_FILES }, downloading);

  return {
    kind: SLACK_JOB_KIND,
    request: (p) => ({
      language: p.language,
      engine: p.engine,
      bypassCache: p.bypassCache,
      where: { platform: 'slack', workspace: p.team, channel: p.channel },
      describe: p.source.kind === 'file' ? `file ${p.source.file.id} in ${p.channel}` : `${p.source.input} in ${p.channel}`,
      place: 'workspace',
    }),
    // The owner is `slack:<team>:<user>` already (app.ts): one person's count is per workspace.
    quotaSubject: (p, owner) => ({ user: owner.user, workspace: `slack:${p.team}` }),
    load: (p) => (p.source.kind === 'file' ? fileLoader(p.source.file) : linkLoader(p.source.input)),
    poster: (p, run) =>
      threadPoster(
        {
          client,
          team: p.team,
          channel: p.channel,
          messageTs: p.messageTs,
          threadTs: p.threadTs,
          source: p.source.kind === 'file' ? { kind: 'file', fileId: p.source.file.id, language: p.language } : { kind: 'link', input: p.source.input, language: p.language },
          recipient: p.recipient,
          language: p.language,
        },
        run.id,
        { logger: deps.logger, ledger: deps.ledger, threads: deps.claims, feedback: deps.feedback, streaming: deps.streaming },
      ),
    progressText,
    async afterPosted(p, result) {
      await deps.papers
        ?.remember({ platform: 'slack', workspace: p.team, channel: p.channel, thread: p.threadTs }, { sha256: result.source.sha256, language: result.language, title: result.titleOriginal || result.title })
        .catch((err: Error) => deps.logger.warn(`remembering the paper of ${p.channel}/${p.threadTs} failed: ${err.message}`));
    },
    async afterFailed(p, code) {
      // Sharing the file again is how people retry; let it through unless the file itself is the problem.
      if (p.releasesFileClaim && p.source.kind === 'file' && (code === 'internal' || failureMayPass(code))) {
        await deps.claims.releaseFile(p.team, p.channel, p.source.file.id);
      }
    },
  };
}
