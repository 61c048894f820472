/** A command-line input's bytes when it is a PDF file within a size limit, read to send to the parser ahead of its turn. */
import { readFile, stat } from 'node:fs/promises';
import { assertPdf } from '../core/input/sniff-pdf.ts';

/** null for anything else (a URL, an arXiv id, a missing or large file, not a PDF): the pipeline says what it is. */
export async function readPdfFile(input: string, maxBytes: number): Promise<Uint8Array | null> {
  try {
    const info = await stat(input);
    if (!info.isFile() || info.size > maxBytes) return null;
    const bytes = await readFile(input);
    assertPdf(bytes);
    return bytes;
  } catch {
    return null;
  }
}
