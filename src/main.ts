/** Server-side commands: `serve`, `discord-register`, `worker`. The chat adapters plug in here. */
import type { Config } from './config.ts';
import type { CliIo } from './cli.ts';

export async function runServerCommand(command: 'serve' | 'discord-register' | 'worker', _args: string[], config: Config, io: CliIo): Promise<number> {
  const slack = !!(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
  const discord = !!config.DISCORD_TOKEN;
  if (command === 'serve' && !slack && !discord) {
    io.stderr(
      'paperbot: no chat platform is configured. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or DISCORD_TOKEN. To summarize locally, run: paperbot summarize <paper.pdf>',
    );
    return 2;
  }
  io.stderr(`paperbot: "${command}" is not available in this version yet (the chat adapters are still being built); "paperbot summarize" works.`);
  return 1;
}
