// OCR in the parser child: pages rendered by pdf.js (pdf-parse's getScreenshot, on the canvas pdf-parse
// brings) and recognized by tesseract.js, so the memory watch and the kill on timeout cover it like parsing.
// Language data comes from the @tesseract.js-data packages the parent resolved: never downloaded, never
// written to the working directory (tesseract.js reads `<langPath>/<lang>.traineddata.gz`, one folder for
// all languages, so a private temporary folder links to each package's file).
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PDFParse } from 'pdf-parse';
import type Tesseract from 'tesseract.js';
import type { OcrRequest } from '../../core/ports.ts';
import type { OcrPage } from '../../core/types.ts';
import { linesToItems, type OcrLine } from './ocr-lines.ts';
import type { PdfDocument, PdfTextItem } from './pdfjs-types.ts';

export interface OcrSetup {
  /** The child's resident-memory limit (PARSE_MAX_MEMORY_MB): the recognizer is replaced before it gets close. */
  maxResidentMb: number;
}

export interface OcrJob extends OcrRequest {
  /** Configured languages (OCR_LANGS), in order. */
  langs: string[];
  /**
   * Language code → path of its .traineddata.gz. With the job, not the child's setup: a child started before the
   * configuration was read (the command line's early start) serves any OCR_LANGS.
   */
  languageData: Record<string, string>;
}

/** A recognized page in the child: its lines as pdf.js-shaped items (worker.ts makes text and layout of them). */
export interface RecognizedPage extends Omit<OcrPage, 'text' | 'layout'> {
  items: PdfTextItem[];
  width: number;
  height: number;
}

interface Recognized {
  pages: RecognizedPage[];
  skipped: number[];
}

/** 300 dpi is what tesseract is trained on; the pixel cap keeps a poster-sized page within memory. */
const DPI = 300;
const MAX_SIDE_PX = 3500;
/**
 * Below this mean confidence the other language set is tried on the same page and the better result kept: on the
 * first page when nothing hints at the script (it decides the paper's languages), otherwise only below the second, lower bar (a page in
 * the other script), so a poor English scan is not read twice on every page.
 */
const RETRY_CONFIDENCE = 70;
const RETRY_CONFIDENCE_LATER = 45;

const CJK_LANG = /^(?:chi|jpn|kor)/u;
/**
 * Tesseract's WebAssembly memory only grows (to the largest page it has seen, 150–300 MB), and pdf.js holds the
 * decoded scan of the page. Past this share of the limit after a page, the recognizer is ended (freeing its memory)
 * and made anew for the next page (under a second), so a long scan stays within the limit.
 */
const RECYCLE_SHARE = 0.55;

/** The language sets to choose from per page: Latin-script languages alone, and everything with CJK first. */
export function languageSets(langs: readonly string[]): { latin: string | null; cjk: string | null } {
  const cjk = langs.filter((l) => CJK_LANG.test(l));
  const latin = langs.filter((l) => !CJK_LANG.test(l));
  return { latin: latin.length ? latin.join('+') : null, cjk: cjk.length ? [...cjk, ...latin].join('+') : null };
}

/** A full collection (the child runs with --expose-gc). */
const gc = () => (globalThis as { gc?: () => void }).gc?.();

export function createOcr(setup: OcrSetup) {
  let dir: string | null = null;
  let current: { langs: string; worker: Tesseract.Worker } | null = null;

  /** The private folder tesseract.js reads, with a link to each language file a job names (added as jobs name them). */
  function dataDir(languageData: Record<string, string>): string {
    if (!dir) {
      const made = mkdtempSync(path.join(os.tmpdir(), 'paperbot-ocr-'));
      process.once('exit', () => rmSync(made, { recursive: true, force: true }));
      dir = made;
    }
    for (const [lang, file] of Object.entries(languageData)) {
      const link = path.join(dir, `${lang}.traineddata.gz`);
      if (!existsSync(link)) symlinkSync(file, link);
    }
    return dir;
  }

  /** One tesseract worker at a time (each holds its models, ~100–250 MB); switching sets replaces it. */
  async function workerFor(langs: string, langPath: string): Promise<Tesseract.Worker> {
    if (current?.langs === langs) return current.worker;
    const { default: tesseract } = await import('tesseract.js');
    if (current) {
      // The same recognizer with the other models: its WebAssembly memory, which never shrinks, is reused rather than
      // a second one grown beside it while the first is still being freed (a page read twice stayed under the limit).
      await current.worker.reinitialize(langs, tesseract.OEM.LSTM_ONLY);
      current = { langs, worker: current.worker };
      return current.worker;
    }
    // Loaded on the first page to recognize: a child that only reads text layers never pays for it.
    const worker = await tesseract.createWorker(langs.split('+'), tesseract.OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
    current = { langs, worker };
    return worker;
  }

  async function render(parser: PDFParse, doc: PdfDocument, num: number): Promise<{ png: Buffer; scale: number; height: number; width: number }> {
    const page = await doc.getPage(num);
    const { width, height } = page.getViewport({ scale: 1 });
    page.cleanup();
    const scale = Math.min(DPI / 72, MAX_SIDE_PX / Math.max(width, height, 1));
    const shot = await parser.getScreenshot({ partial: [num], desiredWidth: Math.round(width * scale), imageBuffer: true, imageDataUrl: false });
    const image = shot.pages[0];
    if (!image) throw new Error(`page ${num} did not render`);
    // pdf.js keeps the page's decoded images for the next render; there is none, and a scan's image is tens of MB.
    page.cleanup();
    return { png: Buffer.from(image.data), scale: image.width / width, height, width };
  }

  async function recognizeWith(langs: string, langPath: string, png: Buffer): Promise<{ lines: OcrLine[]; confidence: number }> {
    const worker = await workerFor(langs, langPath);
    const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
    const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
    return { lines, confidence: data.confidence };
  }

  return {
    async recognize(
      parser: PDFParse,
      doc: PdfDocument,
      job: OcrJob,
      onPage: (num: number, index: number) => void,
      onDone: (page: RecognizedPage) => void,
    ): Promise<Recognized> {
      const sets = languageSets(job.langs);
      let preferred = (job.script === 'cjk' ? sets.cjk : sets.latin) ?? sets.latin ?? sets.cjk;
      if (!preferred) throw new Error('no OCR language is configured');
      const langPath = dataDir(job.languageData);
      const started = Date.now();
      let slowest = 0;
      const pages: RecognizedPage[] = [];
      const skipped: number[] = [];
      try {
        for (const [index, num] of job.pages.entries()) {
          // A page is started only if one as slow as the slowest so far still fits the budget.
          if (Date.now() - started + slowest > job.budgetMs) {
            skipped.push(...job.pages.slice(index));
            break;
          }
          onPage(num, index);
          const t0 = Date.now();
          const { png, scale, width, height } = await render(parser, doc, num);
          let langs: string = preferred;
          let best = await recognizeWith(langs, langPath, png);
          const other = langs === sets.latin ? sets.cjk : sets.latin;
          if (best.confidence < (index === 0 && job.script === null ? RETRY_CONFIDENCE : RETRY_CONFIDENCE_LATER) && other) {
            const second = await recognizeWith(other, langPath, png);
            if (second.confidence > best.confidence) {
              best = second;
              langs = other;
            }
          }
          preferred = langs;
          const ms = Date.now() - t0;
          slowest = Math.max(slowest, ms);
          const done = { num, items: linesToItems(best.lines, scale, height), width, height, confidence: best.confidence, langs, ms };
          pages.push(done);
          onDone(done);
          gc();
          if (process.memoryUsage.rss() > RECYCLE_SHARE * setup.maxResidentMb * 2 ** 20) {
            await current?.worker.terminate();
            current = null;
          }
        }
      } finally {
        await current?.worker.terminate().catch(() => {});
        current = null;
      }
      return { pages, skipped };
    },
  };
}
