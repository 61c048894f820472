/** `paperbot discord-register [--guild <id>]`: registers the bot's slash commands, globally or in one server. */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { CliIo } from '../cli/io.ts';

export async function discordRegisterCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { guild: { type: 'string' } } });
  if (!config.DISCORD_TOKEN) {
    io.stderr('paperbot: discord-register needs DISCORD_TOKEN (the bot token from the developer portal, Bot → Reset Token).');
    return 2;
  }
  if (values.guild !== undefined && !/^\d{5,25}$/.test(values.guild)) {
    io.stderr(`paperbot: --guild must be a server id (Developer Mode → right-click the server → Copy Server ID), got "${values.guild}"`);
    return 2;
  }
  const { registerCommands } = await import('../adapters/discord/register-commands.ts');
  const { describeDiscordFailure } = await import('../adapters/discord/login-error.ts');
  try {
    const done = await registerCommands({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL ?? 'https://discord.com/api',
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId: values.guild,
    });
    io.stdout(
      done.scope === 'guild'
        ? `Registered ${done.names.join(', ')} in server ${values.guild} for application ${done.applicationId} (available now).`
        : `Registered ${done.names.join(', ')} globally for application ${done.applicationId} (may take up to an hour to appear everywhere).`,
    );
    return 0;
  } catch (err) {
    io.stderr(`paperbot: registering the Discord commands failed: ${describeDiscordFailure(err)}`);
    return 1;
  }
}
