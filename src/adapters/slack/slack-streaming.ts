/**
 * How the Slack app streams text into threads, created once per app and shared by all its jobs and questions:
 * the mode (SLACK_STREAMING, or off), the per-workspace pacers, and the workspaces whose Slack refused the streaming
 * methods (in `auto` they stream by editing from then on, for as long as the process runs).
 */
import { createWritePacer, type WritePacer } from './write-pacer.ts';

export type SlackStreamingMode = 'off' | 'auto' | 'native' | 'update';

export interface SlackStreaming {
  mode: Exclude<SlackStreamingMode, 'off'>;
  /** chat.update of streamed text (and of questions' answers): ~50 a minute per workspace, so 45 for drafts, the rest for statuses and final messages. */
  updates: WritePacer;
  /** chat.startStream / appendStream: once a second per message (their own budget). */
  appends: WritePacer;
  /** Workspaces where a streaming method was refused (auto: edits from then on). */
  refused: Set<string>;
}

/** Null when nothing is streamed (STREAMING=off). */
export function createSlackStreaming(mode: SlackStreamingMode | undefined): SlackStreaming | null {
  if (mode === 'off') return null;
  return {
    mode: mode ?? 'auto',
    updates: createWritePacer({ perMinute: 45, burst: 3, perMessageMs: 1000 }),
    appends: createWritePacer({ perMinute: 120, burst: 5, perMessageMs: 1000 }),
    refused: new Set(),
  };
}

/** Errors that mean "this token / workspace / app cannot use the streaming methods": fall back to edits. */
const REFUSALS = new Set([
  'unknown_method',
  'not_allowed_token_type',
  'missing_scope',
  'invalid_arguments',
  'not_allowed',
  'feature_not_enabled',
  'method_deprecated',
  'no_permission',
  'team_access_not_granted',
]);

/** The Slack error code of a Web API failure (`platform_error`), if any. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export function isStreamingRefused(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== undefined && REFUSALS.has(code);
}
