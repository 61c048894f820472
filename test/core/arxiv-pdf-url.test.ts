/** ARXIV_PDF_URL: arXiv ids are downloaded from the configured base (a mirror); the paper link stays arxiv.org/abs. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ARXIV_PDF_BASE, resolveInput } from '../../src/core/input/resolve-input.ts';
import { loadPaper } from '../../src/core/input/load-paper.ts';

describe('resolveInput with ARXIV_PDF_URL', () => {
  it('the default is arXiv\'s own, and the configuration\'s default is the same', () => {
    expect(ARXIV_PDF_BASE).toBe('https://arxiv.org/pdf/');
    expect(loadConfig({}).ARXIV_PDF_URL).toBe(ARXIV_PDF_BASE);
    expect(resolveInput('2401.00001')).toMatchObject({ url: 'https://arxiv.org/pdf/2401.00001' });
  });

  it.each([
    ['2401.00001v2', 'http://mirror.internal:8080/arxiv/pdf/2401.00001v2', '2401.00001v2'],
    ['https://arxiv.org/abs/hep-th/9901001', 'http://mirror.internal:8080/arxiv/pdf/hep-th/9901001', 'hep-th/9901001'],
    ['doi:10.48550/arXiv.2401.00001', 'http://mirror.internal:8080/arxiv/pdf/2401.00001', '2401.00001'],
  ])('%s → %s', (input, url, id) => {
    for (const base of ['http://mirror.internal:8080/arxiv/pdf/', 'http://mirror.internal:8080/arxiv/pdf']) {
      expect(resolveInput(input, { arxivPdfUrl: base })).toEqual({ kind: 'url', url, paperUrl: `https://arxiv.org/abs/${id}`, label: `arXiv:${id}` });
    }
  });

  it('other DOIs and URLs are not affected', () => {
    expect(resolveInput('10.1145/1234.5678', { arxivPdfUrl: 'http://mirror/' })).toMatchObject({ url: 'https://doi.org/10.1145/1234.5678' });
  });

  it('loadPaper downloads from the configured base', async () => {
    const fetched: string[] = [];
    const paper = await loadPaper('2401.00001', {
      fetcher: { fetchBytes: async (url) => (fetched.push(url), { bytes: new Uint8Array([37]), finalUrl: url, contentType: 'application/pdf' }) },
      readFile: async () => new Uint8Array(),
      statSize: async () => 0,
      maxBytes: 100,
      arxivPdfUrl: 'http://mirror.internal/pdf/',
    });
    expect(fetched).toEqual(['http://mirror.internal/pdf/2401.00001']);
    expect(paper.knownPaperUrl).toBe('https://arxiv.org/abs/2401.00001');
  });
});
