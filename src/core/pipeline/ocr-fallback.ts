/**
 * OCR of the pages a text layer cannot give: a scan, a garbled layer, a poor OCR layer. The front pages go first
 * (the title, authors and abstract are there), then further pages in order until the recognized text fills the
 * model's budget, OCR_MAX_PAGES, or the time budget: two calls, since how much is enough is known only once the
 * front pages are read. Recognized pages replace their text and layout, so every later stage reads them as text.
 */
import { PaperError } from '../errors.ts';
import type { OcrRequest, TextExtractor, Tokenizer } from '../ports.ts';
import { isMostlyCjk, scriptCounts } from '../structure/language.ts';
import type { TextLayerVerdict } from '../structure/text-layer.ts';
import type { PageQuality } from '../structure/page-quality.ts';
import type { ExtractedPdf, OcrPage, ProgressListener } from '../types.ts';

export interface OcrSettings {
  mode: 'auto' | 'off' | 'force';
  maxPages: number;
  timeoutMs: number;
}

/** The pages read first: where the metadata is. */
const FRONT_PAGES = 3;
/** Recognized text beyond the budget is read anyway up to this share (the budget trims it, not the reader). */
const BUDGET_SHARE = 1.25;
/** Pages whose recognized text is under this confidence are kept out (tesseract reading a photo or noise). */
const MIN_PAGE_CONFIDENCE = 30;

/** The pages to recognize, in page order: all in force mode; otherwise those the text layer cannot give. */
export function pagesToRecognize(pdf: ExtractedPdf, qualities: readonly PageQuality[], verdict: TextLayerVerdict, settings: OcrSettings): number[] {
  if (settings.mode === 'off') return [];
  const nums = pdf.pages.map((p) => p.num);
  const picked =
    settings.mode === 'force'
      ? nums
      : nums.filter((_, i) => {
          const v = qualities[i]?.verdict;
          // A paper that reads well elsewhere keeps its image-only pages (figures, plates) as they are.
          return v === 'garbled' || (!verdict.usable && v === 'empty');
        });
  return picked.slice(0, settings.maxPages);
}

/** What script the readable part of the paper is in, so the first page tries the right languages first. */
function scriptHint(pdf: ExtractedPdf, qualities: readonly PageQuality[]): OcrRequest['script'] {
  const readable = pdf.pages.filter((_, i) => qualities[i]?.verdict === 'readable').map((p) => p.text);
  const texts = [...readable, pdf.info.title ?? '', pdf.info.subject ?? ''];
  const counts = scriptCounts(texts);
  if (isMostlyCjk(counts)) return 'cjk';
  return counts.words >= 20 ? 'latin' : null;
}

/** The PDF with recognized pages in place of their text layer (and their layout for the first pages). */
export function withRecognized(pdf: ExtractedPdf, recognized: readonly OcrPage[]): ExtractedPdf {
  const byNum = new Map(recognized.filter((p) => p.confidence >= MIN_PAGE_CONFIDENCE).map((p) => [p.num, p]));
  if (byNum.size === 0) return pdf;
  const frontNums = new Set(pdf.layout.map((l) => l.num));
  const layout = [...pdf.layout.filter((l) => !byNum.has(l.num)), ...[...byNum.values()].filter((p) => p.num <= Math.max(FRONT_PAGES, ...frontNums)).map((p) => p.layout)];
  return {
    ...pdf,
    pages: pdf.pages.map((p) => (byNum.has(p.num) ? { num: p.num, text: byNum.get(p.num)!.text } : p)),
    layout: layout.sort((a, b) => a.num - b.num),
  };
}

export interface OcrRun {
  pdf: ExtractedPdf;
  /** Pages recognized, and why OCR stopped short or failed (plain words), for the no_text answer. */
  pages: OcrPage[];
  problem: string | null;
}

interface RunDeps {
  extractor: TextExtractor;
  tokenizer: Tokenizer;
  settings: OcrSettings;
  /** The model's budget for paper text: OCR stops once the recognized text would fill it. */
  maxInputTokens: number;
}

/** Why OCR could not give a page, in words that complete "…, and OCR …". */
function ocrProblem(err: unknown): string {
  if (err instanceof PaperError && err.code === 'too_large') return 'needed more memory than allowed';
  if (err instanceof PaperError && err.code === 'timeout') return 'took longer than allowed';
  throw err;
}

export async function recognizePages(
  bytes: Uint8Array,
  pdf: ExtractedPdf,
  pages: readonly number[],
  qualities: readonly PageQuality[],
  deps: RunDeps,
  onProgress: ProgressListener,
): Promise<OcrRun> {
  const recognize = deps.extractor.recognize?.bind(deps.extractor);
  if (!recognize || pages.length === 0) return { pdf, pages: [], problem: null };
  const started = Date.now();
  let script = scriptHint(pdf, qualities);
  const done: OcrPage[] = [];
  const total = pages.length;
  const call = async (list: readonly number[], offset: number) => {
    const budgetMs = deps.settings.timeoutMs - (Date.now() - started);
    if (budgetMs <= 0) return 'took longer than allowed';
    const out = await recognize(bytes, { pages: [...list], script, budgetMs }, (_page, index) => onProgress({ stage: 'recognizing', page: offset + index + 1, pages: total }));
    done.push(...out.pages);
    if (out.stoppedBy) return out.stoppedBy === 'memory' ? 'needed more memory than allowed' : 'took longer than allowed';
    // What read the first pages decides for the rest.
    const langs = done[0]?.langs;
    if (langs) script = /^(?:chi|jpn|kor)/u.test(langs) ? 'cjk' : 'latin';
    return out.skipped.length > 0 ? 'took longer than allowed' : null;
  };
  let problem: string | null = null;
  try {
    problem = await call(pages.slice(0, FRONT_PAGES), 0);
    const rest = pages.slice(FRONT_PAGES);
    if (!problem && rest.length > 0) {
      // The budget picks how many more: pages in order until their text would fill what the model is sent.
      const tokens = () => deps.tokenizer.count(done.map((p) => p.text).join('\n'));
      const perPage = tokens() / Math.max(1, done.length);
      const goal = deps.maxInputTokens * BUDGET_SHARE - tokens();
      const more = perPage > 0 ? Math.max(1, Math.ceil(goal / perPage)) : rest.length;
      if (goal > 0) problem = await call(rest.slice(0, more), FRONT_PAGES);
    }
  } catch (err) {
    problem = ocrProblem(err);
  }
  return { pdf: withRecognized(pdf, done), pages: done, problem };
}
