/**
 * The `paperbot` command line (README "Command line"). Arguments are checked and `--help` / `--version` answered
 * before anything heavy is loaded; each command's code is imported only when that command runs.
 */
import { parseArgs } from 'node:util';
import { COMMANDS, GENERAL_USAGE, isCommand, type CommandName } from './cli/usage.ts';
import { UsageError, processIo, type CliIo } from './cli/io.ts';

export type { CliIo } from './cli/io.ts';

function parse(command: CommandName, args: string[]) {
  const spec = COMMANDS[command];
  try {
    const { values, positionals } = parseArgs({ args, options: spec.options, allowPositionals: spec.positionals, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    // node:util's messages name the option ("Unknown option '--bogus'"); the command's usage follows.
    throw new UsageError((err as Error).message);
  }
}

/**
 * The parser's child boots and loads pdf.js while this process loads zod, the configuration and the pipeline: started
 * with the default limits, it is used when PARSE_MAX_MEMORY_MB keeps its default and ended unused otherwise.
 */
async function prestartParser(): Promise<void> {
  const [{ prestartWorker, workerLaunch }, { DEFAULTS }] = await Promise.all([import('./services/pdf-worker-launch.ts'), import('./config-defaults.ts')]);
  prestartWorker(workerLaunch({ maxResidentMb: DEFAULTS.PARSE_MAX_MEMORY_MB }));
}

async function run(command: CommandName, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(command, args);
  if (values.help) {
    io.stdout(COMMANDS[command].usage);
    return 0;
  }
  if (command === 'summarize') await prestartParser();
  const { loadConfig } = await import('./config.ts');
  const config = loadConfig(io.env);
  if (command === 'summarize') {
    const { summarizeCommand } = await import('./commands/summarize.ts');
    return summarizeCommand(values, positionals, config, io);
  }
  const { runServerCommand } = await import('./commands/server.ts');
  return runServerCommand(command, args, config, io);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(GENERAL_USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    const { VERSION } = await import('./version.ts');
    io.stdout(VERSION);
    return 0;
  }
  if (!isCommand(command)) {
    io.stderr(`paperbot: unknown command "${command}"\n\n${GENERAL_USAGE}`);
    return 2;
  }
  try {
    return await run(command, rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`paperbot: ${err.message}\n\n${COMMANDS[command].usage}`);
      return 2;
    }
    if ((err as Error)?.name === 'ConfigError') {
      io.stderr(`paperbot: ${(err as Error).message}`);
      return 2;
    }
    const { describeError } = await import('./core/error-messages.ts');
    io.stderr(`paperbot: ${describeError(err).message}`);
    return 1;
  }
}
