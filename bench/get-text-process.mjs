// The baseline process of `npm run bench:startup`: a bare pdf-parse getText of the PDFs given, one after the other, as
// a whole node process (module load included), with the same pdf.js assets paperbot uses (CMaps for CJK).
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

const assets = JSON.parse(process.env.PDFJS_ASSETS ?? '{}');
for (const file of process.argv.slice(2)) {
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)), ...assets, cMapPacked: true, isEvalSupported: false, verbosity: 0 });
  const text = await parser.getText();
  await parser.destroy();
  console.log(`${file}: ${text.pages.length} pages`);
}
