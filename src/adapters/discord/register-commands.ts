/**
 * `paperbot discord-register [--guild ID]`: PUTs the command list (commands.ts), replacing what was registered.
 * Guild commands appear at once (development); global ones can take up to an hour to reach every client.
 * The application id comes from DISCORD_APPLICATION_ID, else from `GET /applications/@me` with the bot token.
 */
import { REST, Routes, type APIApplication } from 'discord.js';
import { commandDefinitions } from './commands.ts';

export interface RegisterOptions {
  token: string;
  apiUrl: string;
  applicationId?: string | undefined;
  guildId?: string | undefined;
}

export interface Registered {
  applicationId: string;
  scope: 'guild' | 'global';
  names: string[];
}

export async function registerCommands(opts: RegisterOptions): Promise<Registered> {
  // Few retries: a wrong DISCORD_API_URL should fail in seconds, not after minutes of back-off.
  const rest = new REST({ api: opts.apiUrl, retries: 1, timeout: 15_000 }).setToken(opts.token);
  const applicationId = opts.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const body = commandDefinitions();
  const route = opts.guildId ? Routes.applicationGuildCommands(applicationId, opts.guildId) : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body })) as Array<{ name: string }>;
  return { applicationId, scope: opts.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}
