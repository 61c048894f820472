// Where pdf.js's CMaps and standard fonts are (pdfjs-dist is pdf-parse's dependency, resolved through it).
import { createRequire } from 'node:module';
import path from 'node:path';

/** CMaps are required for CJK text; pdf.js wants filesystem paths with a trailing slash here. */
export function pdfjsAssetPaths(): { cMapUrl: string; standardFontDataUrl: string } {
  const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
  const root = path.dirname(fromPdfParse.resolve('pdfjs-dist/package.json'));
  return { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
}
