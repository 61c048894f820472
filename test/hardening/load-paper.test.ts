/** Local inputs that are not readable files end in plain words, never in an internal error. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/error-messages.ts';
import { PaperError } from '../../src/core/errors.ts';
import { loadPaper, type LoadPaperDeps } from '../../src/core/input/load-paper.ts';
import type { Fetcher } from '../../src/core/ports.ts';

const fetcher: Fetcher = { fetchBytes: async () => Promise.reject(new Error('no network in this test')) };
const local: LoadPaperDeps = { fetcher, readFile: (p) => readFile(p), statSize: async (p) => (await stat(p)).size, maxBytes: 2 ** 20 };

async function failure(input: string, deps: LoadPaperDeps): Promise<PaperError> {
  const err = await loadPaper(input, deps).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PaperError);
  return err as PaperError;
}

describe('loadPaper on local inputs that are not files', () => {
  it('a folder named like a PDF is download_failed in plain words', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'paperbot-')), 'paper.pdf');
    mkdirSync(dir);
    const err = await failure(dir, local);
    expect(err.code).toBe('download_failed');
    expect(describeError(err).message).toBe(`Could not get the paper: ${dir} is a folder, not a file.`);
  });

  it('a PaperError from the caller (chat: no local files) is kept, not turned into download_failed', async () => {
    const refuse = async (): Promise<never> => {
      throw new PaperError('url_refused', { reason: 'local files cannot be read from chat' });
    };
    const err = await failure('./paper.pdf', { ...local, readFile: refuse, statSize: refuse });
    expect(err.code).toBe('url_refused');
  });

  it('a file larger than the limit is too_large before it is read', async () => {
    const readFileNever = async (): Promise<never> => {
      throw new Error('must not read');
    };
    const err = await failure('./big.pdf', { ...local, statSize: async () => 2 ** 21, readFile: readFileNever });
    expect([err.code, err.data.sizeBytes, err.data.limitBytes]).toEqual(['too_large', 2 ** 21, 2 ** 20]);
  });
});
