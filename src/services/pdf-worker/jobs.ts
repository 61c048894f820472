// The parser child's work: pdf-parse (pdf.js) on one PDF at a time. The child is started by pdf-extractor.ts with a
// heap cap and an empty environment, and killed by it past a resident-memory limit; it starts from worker.ts (plain
// node) or from the start-up snapshot that snapshot.ts makes. Everything it returns is plain data.
// One pass per page: a single getTextContent gives both the page text (built as pdf-parse's
// getText would) and the layout items; link URLs come from the annotation dicts alone. Walking
// the document once matters: every getPage/getTextContent re-parses the page's content stream.
import { PDFParse } from 'pdf-parse';
import type { ExtractedPdf, OcrOutcome, OcrPage, PageLayout, PageText, PdfInfo, TextItem } from '../../core/types.ts';
import { inflatesTooMuch, type InflateLimits } from './inflate-guard.ts';
import { dropLineNumbers } from './line-numbers.ts';
import { pageText } from './page-text.ts';
import type { PdfDocument, PdfPage, PdfTextContentItem, PdfViewport } from './pdfjs-types.ts';
import { readingOrder } from './reading-order.ts';
import { createOcr, type OcrJob, type OcrSetup, type RecognizedPage } from './ocr.ts';

/** The child's setup, as JSON in its arguments. */
export interface WorkerSetup {
  cMapUrl: string;
  standardFontDataUrl: string;
  inflateLimits: InflateLimits;
  ocr: OcrSetup;
}

/** One job, sent over IPC (advanced serialization, so the bytes arrive as a Uint8Array): read the text layer, or OCR pages. */
export type WorkerJob =
  | { id: number; kind: 'extract'; bytes: Uint8Array; maxPages: number }
  | ({ id: number; kind: 'ocr'; bytes: Uint8Array } & OcrJob);

export type WorkerReply =
  | { id: number; ok: true; result: ExtractedPdf | OcrOutcome }
  | { id: number; ok: false; error: { name: string; message: string } }
  /** An OCR job starting on a page (index: its place among the job's pages)… */
  | { id: number; progress: { page: number; index: number } }
  /** …and a page it finished, so that pages read before a memory or time stop are kept. */
  | { id: number; recognized: OcrPage };

// Set once by serveJobs, before the first job: the snapshot is made before the setup is known.
let setup: WorkerSetup;
let ocr: ReturnType<typeof createOcr>;
const LAYOUT_PAGES = 3;
// Text limits: everything after extraction runs on the bot's main thread in time linear in the text,
// and a few KiB of PDF can print millions of characters. A dense page holds ~10k characters and a
// 300-page thesis ~1M; the summary needs far less (abstract plus a token budget).
const PAGE_TEXT_MAX = 50_000;
const TOTAL_TEXT_MAX = 1_500_000;
// Layout items cross to the main thread as objects; a real page has a few thousand.
const LAYOUT_ITEMS_MAX = 20_000;
// Info strings and link lists are read from the file as they are; a real paper has short ones.
const INFO_CHARS_MAX = 2_000;
const LINKS_MAX = 2_000;
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'] as const;

function pageLayout(items: PdfTextContentItem[], page: Pick<PdfPage, 'pageNumber'>, viewport: Pick<PdfViewport, 'width' | 'height'>): PageLayout {
  const out: TextItem[] = [];
  for (const it of items) {
    if (out.length >= LAYOUT_ITEMS_MAX) break;
    if (!('str' in it) || it.str === '') continue;
    const t = it.transform;
    out.push({
      str: it.str,
      x: t[4]!,
      y: t[5]!,
      width: it.width,
      height: it.height,
      fontSize: Math.hypot(t[2]!, t[3]!) || it.height,
      fontName: it.fontName,
    });
  }
  return { num: page.pageNumber, width: viewport.width, height: viewport.height, items: out };
}

const LINK = 2; // pdf.js AnnotationType.LINK
const INVISIBLE = 1; // annotation flags that hide an annotation from display
const NOVIEW = 32;

/**
 * URIs of the link annotations on pages 1..maxPages, in page order: what pdf-parse's
 * getInfo({ parsePageInfo }) collects. page.getAnnotations() would re-extract each page's text
 * to fill in the links' overlaid text we never use; getAnnotationsByType reads only the dicts.
 */
async function linkUrls(doc: PdfDocument, maxPages: number): Promise<string[]> {
  const skip = new Set(Array.from({ length: Math.max(0, doc.numPages - maxPages) }, (_, i) => maxPages + i));
  const links = (await doc.getAnnotationsByType(new Set([LINK]), skip)) ?? [];
  // Same visibility rule as the display intent of getAnnotations.
  const viewable = (a: (typeof links)[number]) => a.quadPoints !== null && (!a.annotationFlags || !(a.annotationFlags & (INVISIBLE | NOVIEW)));
  return links
    .filter(viewable)
    .sort((a, b) => a.pageIndex - b.pageIndex)
    .map((a) => a.url ?? a.unsafeUrl)
    .filter((u): u is string => typeof u === 'string' && u !== '' && u.length <= INFO_CHARS_MAX)
    .slice(0, LINKS_MAX);
}

async function openPdf(bytes: Uint8Array): Promise<PDFParse> {
  const { cMapUrl, standardFontDataUrl, inflateLimits } = setup;
  if (await inflatesTooMuch(bytes, inflateLimits)) {
    throw Object.assign(new Error('a stream inflates beyond the memory limit'), { name: 'DecompressionBomb' });
  }
  return new PDFParse({
    data: bytes,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    verbosity: 0,
  });
}

/** load() is private in pdf-parse's typings (declared without a type) but is how its own methods get the
 * pdf.js document; PdfDocument is the part of pdf.js's PDFDocumentProxy read here. The one unchecked cast. */
const documentOf = (parser: PDFParse) => (parser as unknown as { load(): Promise<PdfDocument> }).load();

async function extract(job: { bytes: Uint8Array; maxPages: number }): Promise<ExtractedPdf> {
  const parser = await openPdf(job.bytes);
  try {
    const doc = await documentOf(parser);
    const totalPages = doc.numPages;
    const pages: PageText[] = [];
    const layout: PageLayout[] = [];
    let chars = 0;
    for (let n = 1; n <= Math.min(totalPages, job.maxPages) && chars < TOTAL_TEXT_MAX; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const text = pageText(readingOrder(dropLineNumbers(content.items), viewport), viewport).slice(0, PAGE_TEXT_MAX);
      chars += text.length;
      pages.push({ num: n, text });
      if (n <= LAYOUT_PAGES) layout.push(pageLayout(content.items, page, viewport));
      page.cleanup();
    }
    const meta: PdfInfo = {};
    const raw = (await doc.getMetadata()).info ?? {};
    for (const key of INFO_KEYS) {
      const v = raw[key];
      if (typeof v === 'string' && v.trim()) meta[key.toLowerCase() as Lowercase<typeof key>] = v.trim().slice(0, INFO_CHARS_MAX);
    }
    const links = await linkUrls(doc, pages.length);
    return { pages, totalPages, truncated: pages.length < totalPages, info: meta, layout, linkUrls: links };
  } finally {
    await parser.destroy().catch(() => {});
  }
}

/** A recognized page's lines → its text and layout, exactly as a text layer's items would give them. */
function recognizedPage({ items, width, height, ...p }: RecognizedPage): OcrPage {
  const viewport = { width, height, convertToViewportPoint: (x: number, y: number) => [x, height - y] };
  return { ...p, text: pageText(readingOrder(items, viewport), viewport).slice(0, PAGE_TEXT_MAX), layout: pageLayout(items, { pageNumber: p.num }, viewport) };
}

/** OCR of the job's pages: each recognized page becomes text and layout exactly as a text layer's items would. */
async function recognize(job: Extract<WorkerJob, { kind: 'ocr' }>): Promise<OcrOutcome> {
  const parser = await openPdf(job.bytes);
  try {
    const doc = await documentOf(parser);
    const pages = job.pages.filter((n) => Number.isInteger(n) && n >= 1 && n <= doc.numPages);
    const done = await ocr.recognize(
      parser,
      doc,
      { ...job, pages },
      (page, index) => send({ id: job.id, progress: { page, index } }),
      (page) => send({ id: job.id, recognized: recognizedPage(page) }),
    );
    return { skipped: done.skipped, pages: done.pages.map(recognizedPage) };
  } finally {
    await parser.destroy().catch(() => {});
  }
}

const send = (reply: WorkerReply) => process.send?.(reply);

/** Answers the parent's jobs over IPC until it goes. */
export function serveJobs(workerSetup: WorkerSetup): void {
  setup = workerSetup;
  ocr = createOcr(setup.ocr ?? { maxResidentMb: 512 });
  process.on('message', async (message: unknown) => {
    // Only pdf-extractor.ts sends here, always a WorkerJob.
    const job = message as WorkerJob;
    try {
      const result = job.kind === 'ocr' ? await recognize(job) : await extract(job);
      send({ id: job.id, ok: true, result });
    } catch (err) {
      const e = err as { name?: unknown; message?: unknown } | null | undefined;
      send({ id: job.id, ok: false, error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? e) } });
    }
  });
  // The parent is gone (exited or crashed): nothing left to answer.
  process.on('disconnect', () => process.exit(0));
}
