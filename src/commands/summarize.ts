/** `paperbot summarize <input>...`: each input summarized in turn, results on stdout, progress and failures on stderr. */
import { readFile, stat } from 'node:fs/promises';
import { modelConfigured, type Config } from '../config.ts';
import { UsageError, type CliIo } from '../cli/io.ts';
import { describeError } from '../core/error-messages.ts';
import { loadPaper } from '../core/input/load-paper.ts';
import { resolveInput } from '../core/input/resolve-input.ts';
import { renderText } from '../core/reply/render-text.ts';
import type { Engine, Language, SummaryResult } from '../core/types.ts';
import type { Fetcher } from '../core/ports.ts';
import { readPdfFile } from '../cli/read-pdf-file.ts';
import type { GuardedFetcherOptions } from '../services/guarded-fetch.ts';
import { failureJson, toJson } from '../summary-json.ts';
import { createDraftPrinter, type DraftPrinter } from '../cli/draft-printer.ts';

/** Inputs in progress at once: the parser pool's two children (pdf-extractor.ts), one paper each. */
const INPUTS_AT_ONCE = 2;

export interface SummarizeValues {
  json?: boolean | undefined;
  lang?: string | undefined;
  engine?: string | undefined;
  'no-cache'?: boolean | undefined;
}

interface SummarizeOptions {
  inputs: string[];
  json: boolean;
  language: Language;
  engine: Engine;
  noCache: boolean;
}

function summarizeOptions(values: SummarizeValues, inputs: string[], config: Config): SummarizeOptions {
  if (inputs.length === 0) throw new UsageError('summarize needs at least one input');
  const lang = values.lang ?? config.SUMMARY_LANGUAGE;
  if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang must be zh or en (got "${lang}")`);
  const engineOpt = values.engine ?? 'auto';
  if (engineOpt !== 'auto' && engineOpt !== 'llm' && engineOpt !== 'extractive') {
    throw new UsageError(`--engine must be auto, llm or extractive (got "${engineOpt}")`);
  }
  if (engineOpt === 'llm' && !modelConfigured(config)) throw new UsageError('--engine llm needs OPENAI_API_KEY or OPENAI_BASE_URL to be set');
  const engine: Engine = engineOpt === 'auto' ? (modelConfigured(config) ? 'llm' : 'extractive') : engineOpt;
  return { inputs, json: values.json ?? false, language: lang, engine, noCache: values['no-cache'] ?? false };
}

/** The guarded fetcher is loaded only when an input is a URL or an arXiv id. */
function lazyFetcher(options: GuardedFetcherOptions, arxivPdfUrl: string | undefined): Fetcher {
  let real: Promise<Fetcher> | undefined;
  // ARXIV_PDF_URL is operator-trusted like FETCH_ALLOW_HOSTS (it may be a mirror on a private host).
  const load = () =>
    Promise.all([import('../services/guarded-fetch.ts'), import('../services/trusted-hosts.ts')]).then(([m, t]) =>
      m.createGuardedFetcher({ ...options, allowHosts: [...(options.allowHosts ?? []), ...(arxivPdfUrl ? [t.allowedHostOf(arxivPdfUrl)] : [])] }),
    );
  return {
    fetchBytes: async (url) => (await (real ??= load())).fetchBytes(url),
  };
}

export async function summarizeCommand(values: SummarizeValues, inputs: string[], config: Config, io: CliIo): Promise<number> {
  const opts = summarizeOptions(values, inputs, config);
  // The parser's process starts first: it loads pdf.js while this one loads the rest of the pipeline.
  const { createPdfExtractor } = await import('../services/pdf-extractor.ts');
  // The first paper's parse leaves this process idle: it rehearses the post-parse stages meanwhile (rehearsal.ts),
  // once the paper's bytes are all with the child. The rehearsal only warms code up: whatever happens to it, the
  // paper itself runs the same code.
  let rehearsed = false;
  const rehearse = () => {
    if (rehearsed) return;
    rehearsed = true;
    void import('./rehearsal.ts').then((m) => m.rehearse(opts.language)).catch(() => {});
  };
  const textExtractor = createPdfExtractor({
    poolSize: INPUTS_AT_ONCE,
    timeoutMs: config.PARSE_TIMEOUT_S * 1000,
    maxResidentMb: config.PARSE_MAX_MEMORY_MB,
    ocrLangs: config.OCR === 'off' ? [] : config.OCR_LANGS,
    onJobSent: rehearse,
  });
  textExtractor.warm?.();
  // The first input, when it is a PDF file, goes to the parser now: it reads while this process loads the pipeline and
  // looks in the cache (~50 ms of a one-shot run). The pipeline still checks it as any input (loading it gets these
  // bytes, not a second read), and takes this result when it asks for the same bytes; a cache hit leaves it unused.
  const firstInput = resolveInput(opts.inputs[0]!, { arxivPdfUrl: config.ARXIV_PDF_URL });
  const firstPath = firstInput.kind === 'file' ? firstInput.path : null;
  let first = firstPath === null ? null : await readPdfFile(firstPath, config.MAX_PDF_MB * 1024 * 1024);
  if (first) textExtractor.prefetch?.(first, { maxPages: config.MAX_PAGES });
  const readInput = async (p: string): Promise<Uint8Array> => {
    if (p !== firstPath || !first) return readFile(p);
    const ahead = first;
    first = null; // once: the same file given twice is read again
    return ahead;
  };
  // The pipeline alone (no queue, claims or Redis client), measured into nothing: a command line serves no /metrics.
  const [{ createPipeline }, { createDiscardingRegistry }] = await Promise.all([import('../services/create-pipeline.ts'), import('../core/metrics/metrics-registry.ts')]);
  const services = createPipeline(config, { registry: createDiscardingRegistry(), textExtractor, onWarning: (m) => io.stderr(`warning: ${m}`) });
  const fetcher = lazyFetcher({ maxBytes: services.maxPdfBytes, timeoutMs: config.DOWNLOAD_TIMEOUT_S * 1000, allowHosts: config.FETCH_ALLOW_HOSTS }, config.ARXIV_PDF_URL);
  // Several inputs: the next one is read while this one is summarized (one parser child each), results still printed in
  // the order given. A terminal that shows the summary as the model writes it takes one input at a time.
  const streaming = !opts.json && io.stdoutIsTerminal === true;
  const ahead = streaming ? 1 : INPUTS_AT_ONCE;

  /** One input, start to end; what it prints to stdout (and its failure line) waits for the inputs before it. */
  async function one(i: number, input: string): Promise<{ ok: boolean; print: () => void }> {
    const tag = opts.inputs.length > 1 ? `[${i + 1}/${opts.inputs.length}] ${input}` : input;
    const started = Date.now();
    const heading = (i > 0 ? '\n' : '') + (opts.inputs.length > 1 ? `# ${input}\n` : '');
    // Someone watches a terminal: the summary appears as the model writes it. Piped output and --json stay as they were.
    const printer: DraftPrinter | null = streaming ? createDraftPrinter({ line: (l) => io.stdout(l), note: (n) => io.stderr(`${tag}: ${n}`) }, heading) : null;
    try {
      const paper = await loadPaper(
        input,
        { fetcher, readFile: readInput, statSize: async (p) => (await stat(p)).size, maxBytes: services.maxPdfBytes, arxivPdfUrl: config.ARXIV_PDF_URL },
        () => io.stderr(`${tag}: downloading…`),
      );
      const result: SummaryResult = await services.summarizer.summarize(
        {
          bytes: paper.bytes,
          fileName: paper.fileName,
          language: opts.language,
          engine: opts.engine,
          bypassCache: opts.noCache,
          ...(paper.knownPaperUrl ? { knownPaperUrl: paper.knownPaperUrl } : {}),
          ...(printer ? { reportDrafts: true } : {}),
        },
        (e) => {
          if (e.stage === 'writing') printer?.draft(e.draft);
          if (e.stage === 'reading') io.stderr(`${tag}: reading ${e.pages} pages…`);
          if (e.stage === 'recognizing') io.stderr(`${tag}: recognizing page ${e.page} of ${e.pages} (OCR)…`);
          if (e.stage === 'summarizing') io.stderr(`${tag}: summarizing ${e.model ? `with ${e.model}` : '(extractive, no model)'}…`);
          if (e.stage === 'cached') io.stderr(`${tag}: found in cache`);
        },
      );
      const done = `${tag}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      return {
        ok: true,
        print: () => {
          if (printer) {
            printer.finish(renderText(result));
            io.stderr(done);
          } else {
            io.stderr(done);
            if (opts.json) io.stdout(JSON.stringify(toJson(input, result)));
            else io.stdout(heading + renderText(result));
          }
        },
      };
    } catch (err) {
      const { code, message } = describeError(err);
      return {
        ok: false,
        print: () => {
          io.stderr(`${input}: ${message}`);
          if (opts.json) io.stdout(JSON.stringify(failureJson(input, code, message)));
        },
      };
    }
  }

  let failures = 0;
  try {
    // Each lane takes the next input as soon as its last one is done; the outcomes are printed in input order.
    type Outcome = Awaited<ReturnType<typeof one>>;
    const settle: Array<(o: Outcome) => void> = [];
    const outcomes = opts.inputs.map(() => new Promise<Outcome>((resolve) => settle.push(resolve)));
    let next = 0;
    const lane = async () => {
      while (next < opts.inputs.length) {
        const i = next++;
        // one() answers every failure in words; anything else still gets its input a line rather than a hang.
        settle[i]!(await one(i, opts.inputs[i]!).catch((err: unknown) => ({ ok: false, print: () => io.stderr(`${opts.inputs[i]}: ${describeError(err).message}`) })));
      }
    };
    const lanes = Array.from({ length: Math.min(ahead, opts.inputs.length) }, lane);
    for (const outcome of outcomes) {
      const { ok, print } = await outcome;
      if (!ok) failures++;
      print();
    }
    await Promise.all(lanes);
  } finally {
    await services.close();
  }
  return failures > 0 ? 1 : 0;
}
