// @ts-check
// Worker thread that runs pdf-parse (pdf.js) on one PDF at a time. Plain JS because worker
// threads do not inherit the TypeScript loader; everything it returns is plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

const { cMapUrl, standardFontDataUrl } = workerData;
const LAYOUT_PAGES = 3;

/** @param {any} page */
async function pageLayout(page) {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  /** @type {any[]} */
  const items = [];
  for (const it of content.items) {
    if (!('str' in it) || it.str === '') continue;
    const t = it.transform;
    items.push({
      str: it.str,
      x: t[4],
      y: t[5],
      width: it.width,
      height: it.height,
      fontSize: Math.hypot(t[2], t[3]) || it.height,
      fontName: it.fontName,
    });
  }
  return { num: page.pageNumber, width: viewport.width, height: viewport.height, items };
}

/** @param {{ bytes: Uint8Array, maxPages: number }} job */
async function extract(job) {
  const parser = new PDFParse({
    data: job.bytes,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    const info = await parser.getInfo({ parsePageInfo: true, first: job.maxPages });
    const totalPages = info.total;
    const text = await parser.getText({ first: job.maxPages });
    // pdf-parse keeps the loaded pdf.js document; reuse it for positions and font sizes.
    const doc = /** @type {any} */ (parser).doc;
    const layout = [];
    for (let n = 1; n <= Math.min(LAYOUT_PAGES, totalPages, job.maxPages); n++) {
      const page = await doc.getPage(n);
      layout.push(await pageLayout(page));
      page.cleanup();
    }
    /** @type {Record<string, string>} */
    const meta = {};
    const raw = info.info ?? {};
    for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
      const v = raw[key];
      if (typeof v === 'string' && v.trim()) meta[key.toLowerCase()] = v.trim();
    }
    const linkUrls = [];
    for (const p of info.pages ?? []) for (const l of p.links ?? []) if (typeof l.url === 'string') linkUrls.push(l.url);
    return {
      pages: text.pages.map((p) => ({ num: p.num, text: p.text })),
      totalPages,
      truncated: totalPages > job.maxPages,
      info: meta,
      layout,
      linkUrls,
    };
  } finally {
    await parser.destroy().catch(() => {});
  }
}

parentPort?.on('message', async (job) => {
  try {
    const result = await extract(job);
    parentPort?.postMessage({ id: job.id, ok: true, result });
  } catch (err) {
    const e = /** @type {any} */ (err);
    parentPort?.postMessage({ id: job.id, ok: false, error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? e) } });
  }
});
