/**
 * The pipeline every adapter calls: bytes → extract → structure → budget → prompt → model → parse → verify → cache.
 * Nothing is cached unless the summary is complete.
 */
import { createHash } from 'node:crypto';
import { budgetPaper } from './budget.ts';
import { buildRepairMessages, buildRetryMessages, buildSummaryMessages, type PromptSet } from './build-messages.ts';
import { summaryCacheKey } from './cache-key.ts';
import { PaperError } from '../errors.ts';
import { extractiveSummary } from './extractive.ts';
import { distrustCutOff } from '../reply/cut-off-reply.ts';
import { mergeReplies, missingLabels } from '../reply/merge-replies.ts';
import { parseSummaryReply, type ParseResult } from '../reply/parse-summary.ts';
import { checkReply, isNoSummary } from '../reply/reply-checks.ts';
import { createDraftReporter } from '../reply/draft-reporter.ts';
import type { LanguageModel, SummaryCache, TextExtractor, Tokenizer } from '../ports.ts';
import { assertPdf } from '../input/sniff-pdf.ts';
import { analyzePaper, assessTextLayer } from '../structure/index.ts';
import { pageQualities, type TextLayerVerdict } from '../structure/text-layer.ts';
import { pagesToRecognize, recognizePages, type OcrSettings } from './ocr-fallback.ts';
import type { ExtractedPdf, PaperRequest, PaperStructure, ProgressListener, Summary, SummaryResult, Usage } from '../types.ts';
import { linksForRequest } from './verify-summary.ts';
import { summaryFromReply } from './summary-from-reply.ts';
import { pointSources } from '../qa/point-sources.ts';
import { buildPaperIndex, chunksIn, paperIndexKey } from '../qa/paper-index-store.ts';
import type { PaperRegistry } from '../registry/registry-port.ts';
import { withRegistry } from '../registry/enrich.ts';

/** A reply to ask again from scratch rather than repair: a refusal, a blank template, or not one usable item. */
function nothingUsable(r: ParseResult): boolean {
  return r.problems.some((p) => p === 'refusal' || p === 'placeholder' || p === 'empty') || r.missing.length >= 9;
}

export interface SummarizerDeps {
  extractor: TextExtractor;
  /** Null when no model is configured: only the extractive engine is available. */
  model: LanguageModel | null;
  cache: SummaryCache;
  prompts: PromptSet;
  tokenizer: Tokenizer;
  /** paperbot's version, part of every cache key. */
  codeVersion: string;
  /** arXiv / Crossref metadata for the paper's ids (fills in authors the PDF's layout hid); absent = PDF only. */
  registry?: PaperRegistry | undefined;
}

export interface SummarizerLimits {
  maxPdfBytes: number;
  maxPages: number;
  maxInputTokens: number;
  /** OCR of unreadable pages; absent = off. */
  ocr?: OcrSettings;
}

export interface Summarizer {
  summarize(req: PaperRequest, onProgress?: ProgressListener): Promise<SummaryResult>;
}

export function createSummarizer(deps: SummarizerDeps, limits: SummarizerLimits): Summarizer {
  async function withModel(
    structure: PaperStructure,
    req: PaperRequest,
    model: LanguageModel,
    onProgress: ProgressListener,
  ): Promise<{ summary: Summary; usage: Usage; sentText: string }> {
    const budgeted = budgetPaper(structure, limits.maxInputTokens, deps.tokenizer);
    const messages = buildSummaryMessages(deps.prompts, budgeted.text, req.language);
    const usage: Usage = { inputTokens: 0, outputTokens: 0, requests: 0 };
    const ask = async (msgs: typeof messages, onText?: (textSoFar: string) => void) => {
      const c = await model.complete(msgs, { onText });
      usage.inputTokens += c.inputTokens;
      usage.outputTokens += c.outputTokens;
      usage.requests += 1;
      return checkReply(c);
    };
    // A reply cut off at max_tokens may end mid-item: distrustCutOff makes that item missing, so it is asked for again.
    // An answer with no summary at all (refusal, empty, filtered, blank template) gets a fresh request instead of a
    // repair: exactly one follow-up either way, and nothing partial is ever accepted.
    // The request's spending cap is charged once here, before any call (the follow-up is part of the same charge).
    await req.beforeModel?.();
    // Only the first request streams: each finished item is checked against the paper as it comes. A follow-up runs
    // after the stream, unstreamed; the final summary is what the caller gets (and the cache keeps) either way.
    const drafts = req.reportDrafts
      ? createDraftReporter({ structure, language: req.language, knownPaperUrl: req.knownPaperUrl, report: (draft) => onProgress({ stage: 'writing', draft }) })
      : null;
    const first = await ask(messages, drafts?.onText).catch((err: unknown) => {
      if (isNoSummary(err)) return null;
      throw err;
    });
    // A reply cut off at max_tokens does not end its draft: its last item stays "being written" for the follow-up.
    if (first?.finishReason !== 'length') drafts?.end(first?.text ?? '');
    const firstParsed = first && distrustCutOff(parseSummaryReply(first.text), first.finishReason);
    let parsed: ParseResult;
    if (firstParsed?.complete) parsed = firstParsed;
    else {
      const repairable = first && firstParsed && !nothingUsable(firstParsed) ? { reply: first.text, parsed: firstParsed } : null;
      const second = await ask(
        repairable
          ? buildRepairMessages(deps.prompts, messages, repairable.reply, missingLabels(repairable.parsed, req.language), req.language)
          : buildRetryMessages(deps.prompts, messages, req.language),
      );
      const again = distrustCutOff(parseSummaryReply(second.text), second.finishReason);
      parsed = repairable ? mergeReplies(repairable.parsed, again) : again;
      if (!parsed.complete) {
        throw new PaperError('llm_failed', {
          reason: `the reply stayed incomplete (missing: ${parsed.missing.join(', ') || parsed.problems.join(', ')})`,
        });
      }
    }
    // Checked against the paper exactly as the drafts were (summaryFromReply); without the request's own link (cached).
    const summary = summaryFromReply(parsed.parsed, structure, req.language);
    return { summary, usage, sentText: budgeted.text };
  }

  /** The paper's text, with unreadable pages OCR'd; no_text in words when it stays unreadable. */
  async function readable(bytes: Uint8Array, extracted: ExtractedPdf, onProgress: ProgressListener): Promise<{ pdf: ExtractedPdf; quality: TextLayerVerdict }> {
    const settings = limits.ocr ?? { mode: 'off', maxPages: 0, timeoutMs: 0 };
    // Scored once: the verdict and the choice of pages to recognize read the same scores.
    const qualities = pageQualities(extracted);
    const first = assessTextLayer(extracted, qualities);
    const pages = deps.extractor.recognize ? pagesToRecognize(extracted, qualities, first, settings) : [];
    if (pages.length === 0) {
      if (!first.usable) throw new PaperError('no_text', { reason: first.reason, ocr: settings.mode === 'off' || !deps.extractor.recognize ? 'off' : 'nothing to read' });
      return { pdf: extracted, quality: first };
    }
    const run = await recognizePages(bytes, extracted, pages, qualities, { extractor: deps.extractor, tokenizer: deps.tokenizer, settings, maxInputTokens: limits.maxInputTokens }, onProgress);
    const after = run.pages.length > 0 ? assessTextLayer(run.pdf) : first;
    if (after.usable) return { pdf: run.pdf, quality: after };
    // Still unreadable: say what the text layer was, and why OCR did not help.
    if (first.usable) return { pdf: extracted, quality: first };
    const why = run.problem ?? 'could not read it either';
    throw new PaperError('no_text', { reason: `${first.reason}, and OCR ${why}`, ocr: 'failed', ocrPages: run.pages.length });
  }

  return {
    async summarize(req, onProgress = () => {}) {
      if (req.bytes.length > limits.maxPdfBytes) {
        throw new PaperError('too_large', { sizeBytes: req.bytes.length, limitBytes: limits.maxPdfBytes });
      }
      assertPdf(req.bytes);
      if (req.engine === 'llm' && !deps.model) throw new PaperError('llm_failed', { reason: 'no model is configured (set OPENAI_API_KEY or OPENAI_BASE_URL)' });
      const sha256 = createHash('sha256').update(req.bytes).digest('hex');
      const modelName = req.engine === 'llm' ? (deps.model?.name ?? null) : null;
      const key = summaryCacheKey({ sha256, language: req.language, engine: req.engine, model: modelName, promptVersion: deps.prompts.version, codeVersion: deps.codeVersion });
      if (!req.bypassCache) {
        const hit = await deps.cache.get<SummaryResult>(key);
        if (hit) {
          onProgress({ stage: 'cached' });
          return { ...hit, cached: true, source: { ...hit.source, fileName: req.fileName }, links: linksForRequest(hit.links, req.knownPaperUrl) };
        }
      }
      const extracted = await deps.extractor.extract(req.bytes, { maxPages: limits.maxPages });
      onProgress({ stage: 'reading', pages: extracted.pages.length });
      const { pdf, quality } = await readable(req.bytes, extracted, onProgress);
      // Before the model: the prompt, the check of the reply's authors and the extractive engine all see the registry's list.
      const structure = await withRegistry(analyzePaper(pdf), req.knownPaperUrl, deps.registry);
      onProgress({ stage: 'summarizing', model: modelName });
      const made =
        req.engine === 'llm' && deps.model
          ? await withModel(structure, req, deps.model, onProgress)
          : { summary: extractiveSummary(structure, req.language), usage: null, sentText: null };
      // Passages with pages: kept for questions in the thread, and the evidence behind each point (only what was sent).
      const index = buildPaperIndex(sha256, structure);
      const result: SummaryResult = {
        ...made.summary,
        engine: req.engine,
        model: modelName,
        cached: false,
        source: { sha256, pages: pdf.totalPages, fileName: req.fileName },
        usage: made.usage,
        sources: pointSources(made.summary.summary, made.sentText === null ? index.chunks : chunksIn(made.sentText, index.chunks)),
      };
      await deps.cache.set(paperIndexKey(sha256, deps.codeVersion), index);
      // The shared entry holds the links the paper supports; this request's own link is added to its copy only.
      await deps.cache.set(key, result);
      return { ...result, links: linksForRequest(result.links, req.knownPaperUrl) };
    },
  };
}
