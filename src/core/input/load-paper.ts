/** Turns a CLI argument or chat link into PDF bytes plus what the input tells about the paper. */
import path from 'node:path';
import { isPaperError, PaperError } from '../errors.ts';
import type { Fetcher } from '../ports.ts';
import { resolveInput } from './resolve-input.ts';

export interface LoadedPaper {
  bytes: Uint8Array;
  fileName: string;
  knownPaperUrl?: string;
}

export interface LoadPaperDeps {
  fetcher: Fetcher;
  readFile: (filePath: string) => Promise<Uint8Array>;
  /** Size limit for local files (downloads are limited by the fetcher while reading). */
  maxBytes: number;
  statSize: (filePath: string) => Promise<number>;
  /** ARXIV_PDF_URL: where arXiv ids are downloaded from; default https://arxiv.org/pdf/. */
  arxivPdfUrl?: string | undefined;
}

function fileNameFromUrl(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '');
    if (!last) return 'paper.pdf';
    return last.toLowerCase().endsWith('.pdf') ? last : `${last}.pdf`;
  } catch {
    return 'paper.pdf';
  }
}

/** File-system errors (missing file, a directory, no permission) in plain words; a PaperError from the caller passes through. */
async function readLocal<T>(read: () => Promise<T>, filePath: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isPaperError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? `no such file: ${filePath}` : code === 'EISDIR' ? `${filePath} is a folder, not a file` : `cannot read ${filePath}`;
    throw new PaperError('download_failed', { reason });
  }
}

export async function loadPaper(input: string, deps: LoadPaperDeps, onDownloading?: () => void): Promise<LoadedPaper> {
  const resolved = resolveInput(input, { arxivPdfUrl: deps.arxivPdfUrl });
  if (resolved.kind === 'file') {
    const size = await readLocal(() => deps.statSize(resolved.path), resolved.path);
    if (size > deps.maxBytes) throw new PaperError('too_large', { sizeBytes: size, limitBytes: deps.maxBytes });
    const bytes = await readLocal(() => deps.readFile(resolved.path), resolved.path);
    // The file may have grown since stat.
    if (bytes.length > deps.maxBytes) throw new PaperError('too_large', { sizeBytes: bytes.length, limitBytes: deps.maxBytes });
    return { bytes, fileName: path.basename(resolved.path) };
  }
  onDownloading?.();
  const got = await deps.fetcher.fetchBytes(resolved.url);
  return {
    bytes: got.bytes,
    fileName: fileNameFromUrl(got.finalUrl),
    ...(resolved.paperUrl ? { knownPaperUrl: resolved.paperUrl } : {}),
  };
}
