/**
 * Checks the bot token once at start-up (auth.test, no retries), so that a wrong token stops `serve` with words that
 * say what to fix, instead of a bot that starts and then fails every event.
 */
import { webApi } from '@slack/bolt';

const REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

export class SlackStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartError';
  }
}

export async function checkSlackToken(token: string, slackApiUrl: string | undefined): Promise<void> {
  const client = new webApi.WebClient(token, { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
  try {
    await client.auth.test();
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; message?: string; original?: { message?: string; cause?: { message?: string } } };
    const code = e.data?.error?.split(/\s/)[0];
    if (e.code === webApi.ErrorCode.PlatformError && code && REFUSED.has(code)) {
      throw new SlackStartError(
        `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page; reinstall the app if it was removed from the workspace.`,
      );
    }
    if (e.code === webApi.ErrorCode.RequestError) {
      throw new SlackStartError(`Could not reach Slack (${e.original?.cause?.message ?? e.original?.message ?? 'network error'}). Check the network, and SLACK_API_URL if you set it.`);
    }
    // Anything else (rate limits, a Slack outage) is not the token's fault: start, and let events retry.
  }
}
