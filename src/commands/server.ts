/**
 * The server-side commands (`serve`, `worker`, `discord-register`), one entry for the CLI and the tests. Each command's
 * code is imported only when it runs: `discord-register` loads neither the services nor the digests.
 */
import type { Config } from '../config.ts';
import type { CliIo } from '../cli/io.ts';
import type { ServeHooks } from './process-lifecycle.ts';

export type { ServeHooks } from './process-lifecycle.ts';

export async function runServerCommand(
  command: 'serve' | 'discord-register' | 'worker',
  args: string[],
  config: Config,
  io: CliIo,
  hooks: ServeHooks = {},
): Promise<number> {
  if (command === 'discord-register') {
    const { discordRegisterCommand } = await import('./discord-register.ts');
    return discordRegisterCommand(args, config, io);
  }
  if (command === 'worker') {
    const { workerCommand } = await import('./worker.ts');
    return workerCommand(config, io, hooks);
  }
  const { serveCommand } = await import('./serve.ts');
  return serveCommand(config, io, hooks);
}
