/**
 * Every command's usage and options, as plain data: `--help` and bad usage are answered from here without loading
 * anything heavy (no zod, SDKs, tokenizer or Redis client).
 */
import type { ParseArgsConfig } from 'node:util';

export type CommandName = 'summarize' | 'serve' | 'worker' | 'discord-register';

export interface CommandSpec {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: boolean;
}

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

export const COMMANDS: Record<CommandName, CommandSpec> = {
  summarize: {
    usage: `Usage: paperbot summarize <input>... [options]

Summarize each input; one failing input never stops the others. An input is a PDF path, an arXiv id (2401.00001,
arXiv:2401.00001v2), an arXiv URL, a DOI URL or an https URL of a PDF. Results go to stdout, progress to stderr.

Options:
  --json                       one JSON object per input, one per line
  --lang zh|en                 output language (default: SUMMARY_LANGUAGE, else zh)
  --engine auto|llm|extractive auto = llm when OPENAI_API_KEY or OPENAI_BASE_URL is set, else extractive
  --no-cache                   do not read the cache (the fresh result is still stored)
  -h, --help                   this help

Exit status: 0 all inputs summarized, 1 at least one failed, 2 bad usage or configuration.`,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      engine: { type: 'string', default: 'auto' },
      'no-cache': { type: 'boolean', default: false },
      ...HELP,
    },
    positionals: true,
  },
  serve: {
    usage: `Usage: paperbot serve

Start the chat bot: the Slack app when SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket
Mode) is set, the Discord bot when DISCORD_TOKEN is set, both when both are. Health check and metrics on PORT
(GET /healthz, GET /metrics). With REDIS_URL, jobs go to the Redis queue for "paperbot worker" processes.
Configuration comes from the environment (and a .env file); see .env.example. Stops on SIGTERM or SIGINT.

Options:
  -h, --help   this help`,
    options: { ...HELP },
    positionals: false,
  },
  worker: {
    usage: `Usage: paperbot worker

Scaled mode: take summary jobs from the Redis queue (REDIS_URL) and post the results with the same Slack and
Discord settings as "paperbot serve", without any chat connection of its own. Run as many as you like.

Options:
  -h, --help   this help`,
    options: { ...HELP },
    positionals: false,
  },
  'discord-register': {
    usage: `Usage: paperbot discord-register [--guild ID]

Register or update the Discord application commands (/summarize, "Summarize paper", /ask, /papers) with
DISCORD_TOKEN (and DISCORD_APPLICATION_ID, looked up when unset).

Options:
  --guild ID   register in one server only (available at once); without it, globally (up to an hour)
  -h, --help   this help`,
    options: { guild: { type: 'string' }, ...HELP },
    positionals: false,
  },
};

export const GENERAL_USAGE = `Usage:
  paperbot summarize <input>... [--json] [--lang zh|en] [--engine auto|llm|extractive] [--no-cache]
  paperbot serve
  paperbot discord-register [--guild ID]
  paperbot worker
  paperbot --version

An input is a PDF path, an arXiv id (2401.00001, arXiv:2401.00001v2), an arXiv URL, a DOI URL or an https URL of a PDF.
"paperbot <command> --help" explains each command's options.`;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
