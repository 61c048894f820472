// @ts-check
// Child process that runs pdf-parse (pdf.js) on one PDF at a time, started by pdf-extractor.ts with a
// heap cap; its setup (asset paths, inflate limits) comes as JSON in argv. Plain JS so that it runs on
// plain node. Everything it returns is plain data.
// One pass per page: a single getTextContent gives both the page text (built as pdf-parse's
// getText would) and the layout items; link URLs come from the annotation dicts alone. Walking
// the document once matters: every getPage/getTextContent re-parses the page's content stream.
import { PDFParse } from 'pdf-parse';
import { pageText } from './pdf-page-text.mjs';
import { readingOrder } from './reading-order.mjs';
import { dropLineNumbers } from './line-numbers.mjs';
import { inflatesTooMuch } from './inflate-guard.mjs';

const { cMapUrl, standardFontDataUrl, inflateLimits } = JSON.parse(process.argv[2] ?? '{}');
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
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'];

/** @param {any[]} items @param {any} page @param {{ width: number, height: number }} viewport */
function pageLayout(items, page, viewport) {
  /** @type {any[]} */
  const out = [];
  for (const it of items) {
    if (out.length >= LAYOUT_ITEMS_MAX) break;
    if (!('str' in it) || it.str === '') continue;
    const t = it.transform;
    out.push({
      str: it.str,
      x: t[4],
      y: t[5],
      width: it.width,
      height: it.height,
      fontSize: Math.hypot(t[2], t[3]) || it.height,
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
 * @param {any} doc @param {number} maxPages
 */
async function linkUrls(doc, maxPages) {
  const skip = new Set(Array.from({ length: Math.max(0, doc.numPages - maxPages) }, (_, i) => maxPages + i));
  /** @type {any[]} */
  const links = (await doc.getAnnotationsByType(new Set([LINK]), skip)) ?? [];
  // Same visibility rule as the display intent of getAnnotations.
  const viewable = (/** @type {any} */ a) => a.quadPoints !== null && (!a.annotationFlags || !(a.annotationFlags & (INVISIBLE | NOVIEW)));
  return links
    .filter(viewable)
    .sort((a, b) => a.pageIndex - b.pageIndex)
    .map((a) => a.url ?? a.unsafeUrl)
    .filter((u) => typeof u === 'string' && u !== '' && u.length <= INFO_CHARS_MAX)
    .slice(0, LINKS_MAX);
}

/** @param {{ bytes: Uint8Array, maxPages: number }} job */
async function extract(job) {
  if (await inflatesTooMuch(job.bytes, inflateLimits)) {
    throw Object.assign(new Error('a stream inflates beyond the memory limit'), { name: 'DecompressionBomb' });
  }
  const parser = new PDFParse({
    data: job.bytes,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    // load() is private in pdf-parse's typings but is how its own methods get the pdf.js document.
    const doc = await /** @type {any} */ (parser).load();
    const totalPages = doc.numPages;
    const pages = [];
    const layout = [];
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
    /** @type {Record<string, string>} */
    const meta = {};
    const raw = /** @type {any} */ ((await doc.getMetadata()).info ?? {});
    for (const key of INFO_KEYS) {
      const v = raw[key];
      if (typeof v === 'string' && v.trim()) meta[key.toLowerCase()] = v.trim().slice(0, INFO_CHARS_MAX);
    }
    const links = await linkUrls(doc, pages.length);
    return { pages, totalPages, truncated: pages.length < totalPages, info: meta, layout, linkUrls: links };
  } finally {
    await parser.destroy().catch(() => {});
  }
}

/** @param {unknown} reply */
const send = (reply) => process.send?.(reply);

process.on('message', async (/** @type {any} */ job) => {
  try {
    const result = await extract(job);
    send({ id: job.id, ok: true, result });
  } catch (err) {
    const e = /** @type {any} */ (err);
    send({ id: job.id, ok: false, error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? e) } });
  }
});
// The parent is gone (exited or crashed): nothing left to answer.
process.on('disconnect', () => process.exit(0));
