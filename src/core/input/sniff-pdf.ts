/** Magic-byte check before any parser sees the bytes. */
import { PaperError } from '../errors.ts';

const SIGNATURES: Array<[string, (b: Uint8Array) => boolean]> = [
  ['a PNG image', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a GIF image', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46],
  ['a ZIP archive or Office document', (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04],
  ['a gzip archive', (b) => b[0] === 0x1f && b[1] === 0x8b],
];

function looksLikeHtml(head: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml)/i.test(head);
}

/** Throws not_pdf unless "%PDF-" appears in the first KiB (the spec tolerates leading junk). */
export function assertPdf(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new PaperError('not_pdf', { reason: 'empty' });
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return;
  const known = SIGNATURES.find(([, test]) => test(bytes));
  const detected = known?.[0] ?? (looksLikeHtml(head) ? 'an HTML page' : null);
  throw new PaperError('not_pdf', { detected });
}
