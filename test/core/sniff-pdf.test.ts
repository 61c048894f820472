import { describe, expect, it } from 'vitest';
import { PaperError } from '../../src/core/errors.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { assertPdf } from '../../src/core/input/sniff-pdf.ts';

function codeOf(bytes: Uint8Array): { code: string; detected: unknown; message: string } {
  try {
    assertPdf(bytes);
    return { code: 'ok', detected: null, message: '' };
  } catch (err) {
    const e = err as PaperError;
    return { code: e.code, detected: e.data.detected ?? e.data.reason, message: describeError(e).message };
  }
}

describe('assertPdf (magic bytes before parsing)', () => {
  it('accepts a PDF header, also after leading junk', () => {
    expect(codeOf(Buffer.from('%PDF-1.7\n%âãÏÓ\n')).code).toBe('ok');
    expect(codeOf(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.4\n')])).code).toBe('ok');
  });

  it.each([
    ['empty', Buffer.alloc(0), 'empty'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'a PNG image'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'a JPEG image'],
    ['ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'a ZIP archive or Office document'],
    ['HTML', Buffer.from('<!DOCTYPE html><html><title>Sign in</title>'), 'an HTML page'],
  ])('refuses %s with not_pdf and says what it is', (_name, bytes, detected) => {
    const r = codeOf(bytes);
    expect(r.code).toBe('not_pdf');
    expect(r.detected).toBe(detected);
    expect(r.message).toMatch(/not a PDF|empty/i);
  });

  it('refuses plain text without naming a type', () => {
    const r = codeOf(Buffer.from('just some notes about a paper'));
    expect(r.code).toBe('not_pdf');
    expect(r.message).toBe('This file is not a PDF. Send the paper as a PDF or give its arXiv id.');
  });
});
