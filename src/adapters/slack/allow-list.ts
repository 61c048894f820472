/** SLACK_ALLOWED_CHANNELS: everything from other channels is ignored (events) or refused privately (commands, shortcuts). */
import type { App } from '@slack/bolt';
import type { Language } from '../../core/types.ts';
import { NOT_ENABLED_HERE } from '../common/allow-list-words.ts';
import type { SlackContext } from './context.ts';

export function useAllowList(app: App, allowed: ReadonlySet<string>, language: Language, ctx: Pick<SlackContext, 'logger' | 'report'>): void {
  app.use(async (args) => {
    const body = args.body as { event?: { channel?: string }; channel_id?: string; channel?: { id?: string }; event_id?: string; command?: string };
    const channel = body.event?.channel ?? body.channel_id ?? body.channel?.id;
    if (!channel || allowed.has(channel)) return args.next();
    ctx.logger.debug(`ignored: channel ${channel} is not in SLACK_ALLOWED_CHANNELS`);
    const text = NOT_ENABLED_HERE[language].channel;
    const { ack, respond } = args as { ack?: (r?: unknown) => Promise<void>; respond?: (r: unknown) => Promise<unknown> };
    if (body.command) return ack?.({ response_type: 'ephemeral', text });
    await ack?.();
    if (respond) await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    if (body.event) ctx.report(body, 'ignored');
  });
}
