/** The `paperbot` command line (README "Command line"). Results go to stdout, progress and failures to stderr. */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, modelConfigured, type Config } from './config.ts';
import { describeError } from './core/error-messages.ts';
import { loadPaper } from './core/load-paper.ts';
import { renderText } from './core/render-text.ts';
import type { Engine, Language, SummaryResult } from './core/types.ts';
import { createServices } from './services/create-services.ts';
import { toJson, failureJson } from './summary-json.ts';

const USAGE = `Usage:
  paperbot summarize <input>... [--json] [--lang zh|en] [--engine auto|llm|extractive] [--no-cache]
  paperbot serve
  paperbot discord-register [--guild ID]
  paperbot worker

An input is a PDF path, an arXiv id (2401.00001, arXiv:2401.00001v2), an arXiv URL, a DOI URL or an https URL of a PDF.`;

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  env: process.env,
};

class UsageError extends Error {}

function parseSummarizeArgs(args: string[], config: Config) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      engine: { type: 'string', default: 'auto' },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('summarize needs at least one input');
  const lang = values.lang ?? config.SUMMARY_LANGUAGE;
  if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang must be zh or en (got "${lang}")`);
  const engineOpt = values.engine;
  if (engineOpt !== 'auto' && engineOpt !== 'llm' && engineOpt !== 'extractive') {
    throw new UsageError(`--engine must be auto, llm or extractive (got "${engineOpt}")`);
  }
  if (engineOpt === 'llm' && !modelConfigured(config)) throw new UsageError('--engine llm needs OPENAI_API_KEY or OPENAI_BASE_URL to be set');
  const engine: Engine = engineOpt === 'auto' ? (modelConfigured(config) ? 'llm' : 'extractive') : engineOpt;
  return { inputs: positionals, json: values.json, language: lang as Language, engine, noCache: values['no-cache'] };
}

async function summarizeCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const opts = parseSummarizeArgs(args, config);
  const services = createServices(config, { onWarning: (m) => io.stderr(`warning: ${m}`) });
  let failures = 0;
  try {
    for (const [i, input] of opts.inputs.entries()) {
      const tag = opts.inputs.length > 1 ? `[${i + 1}/${opts.inputs.length}] ${input}` : input;
      const started = Date.now();
      try {
        const paper = await loadPaper(
          input,
          { fetcher: services.fetcher, readFile: (p) => readFile(p), statSize: async (p) => (await stat(p)).size, maxBytes: services.maxPdfBytes },
          () => io.stderr(`${tag}: downloading…`),
        );
        const result: SummaryResult = await services.summarizer.summarize(
          { bytes: paper.bytes, fileName: paper.fileName, language: opts.language, engine: opts.engine, bypassCache: opts.noCache, ...(paper.knownPaperUrl ? { knownPaperUrl: paper.knownPaperUrl } : {}) },
          (e) => {
            if (e.stage === 'reading') io.stderr(`${tag}: reading ${e.pages} pages…`);
            if (e.stage === 'summarizing') io.stderr(`${tag}: summarizing ${e.model ? `with ${e.model}` : '(extractive, no model)'}…`);
            if (e.stage === 'cached') io.stderr(`${tag}: found in cache`);
          },
        );
        io.stderr(`${tag}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (opts.json) io.stdout(JSON.stringify(toJson(input, result)));
        else io.stdout((i > 0 ? '\n' : '') + (opts.inputs.length > 1 ? `# ${input}\n` : '') + renderText(result));
      } catch (err) {
        failures++;
        const { code, message } = describeError(err);
        io.stderr(`${input}: ${message}`);
        if (opts.json) io.stdout(JSON.stringify(failureJson(input, code, message)));
      }
    }
  } finally {
    await services.close();
  }
  return failures > 0 ? 1 : 0;
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command ? 0 : 2;
  }
  try {
    const config = loadConfig(io.env);
    switch (command) {
      case 'summarize':
        return await summarizeCommand(rest, config, io);
      case 'serve':
      case 'discord-register':
      case 'worker': {
        const { runServerCommand } = await import('./main.ts');
        return await runServerCommand(command, rest, config, io);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`paperbot: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.stderr(`paperbot: ${err.message}`);
      return 2;
    }
    io.stderr(`paperbot: ${describeError(err).message}`);
    return 1;
  }
}
