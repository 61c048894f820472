import { describe, expect, it } from 'vitest';
import type { PaperError } from '../../src/core/errors.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { resolveInput } from '../../src/core/input/resolve-input.ts';

const arxiv = (id: string) => ({
  kind: 'url',
  url: `https://arxiv.org/pdf/${id}`,
  paperUrl: `https://arxiv.org/abs/${id}`,
  label: `arXiv:${id}`,
});

describe('resolveInput: arXiv ids', () => {
  it.each([
    ['2401.00001', '2401.00001'],
    ['2401.00001v2', '2401.00001v2'],
    ['arXiv:2401.00001v2', '2401.00001v2'],
    ['arxiv:2401.00001', '2401.00001'],
    ['ARXIV: 2401.00001', '2401.00001'],
    ['1501.0001', '1501.0001'], // 4-digit numbers before 2015
    ['  2401.12345  ', '2401.12345'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v3', 'hep-th/9901001v3'],
    ['cs.CL/0101001v1', 'cs/0101001v1'], // the subject class is not part of the identifier
    ['math.AG/0309136', 'math/0309136'],
    ['arXiv:cond-mat/0211034', 'cond-mat/0211034'],
  ])('%s', (input, id) => {
    expect(resolveInput(input)).toEqual(arxiv(id));
  });
});

describe('resolveInput: arXiv URLs', () => {
  it.each([
    ['https://arxiv.org/abs/2401.00001', '2401.00001'],
    ['https://arxiv.org/abs/2401.00001v2', '2401.00001v2'],
    ['https://arxiv.org/pdf/2401.00001', '2401.00001'],
    ['https://arxiv.org/pdf/2401.00001v3.pdf', '2401.00001v3'],
    ['https://arxiv.org/pdf/2401.00001.pdf', '2401.00001'],
    ['https://arxiv.org/html/2401.00001v1', '2401.00001v1'],
    ['http://arxiv.org/abs/2401.00001', '2401.00001'],
    ['https://www.arxiv.org/abs/2401.00001', '2401.00001'],
    ['https://export.arxiv.org/abs/2401.00001', '2401.00001'],
    ['https://arxiv.org/abs/2401.00001?context=cs', '2401.00001'],
    ['https://arxiv.org/abs/2401.00001#S2', '2401.00001'],
    ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
    ['https://arxiv.org/pdf/hep-th/9901001v2.pdf', 'hep-th/9901001v2'],
    ['HTTPS://ARXIV.ORG/abs/2401.00001', '2401.00001'],
    ['arxiv.org/abs/2401.00001', '2401.00001'],
  ])('%s', (input, id) => {
    expect(resolveInput(input)).toEqual(arxiv(id));
  });

  it('an arXiv page that is not a paper is an ordinary URL', () => {
    expect(resolveInput('https://arxiv.org/list/cs.CL/recent')).toEqual({
      kind: 'url',
      url: 'https://arxiv.org/list/cs.CL/recent',
      paperUrl: null,
      label: 'https://arxiv.org/list/cs.CL/recent',
    });
  });
});

describe('resolveInput: DOIs', () => {
  const doi = (d: string, path = d) => ({ kind: 'url', url: `https://doi.org/${path}`, paperUrl: `https://doi.org/${path}`, label: `doi:${d}` });
  it.each([
    ['10.1234/abc', doi('10.1234/abc')],
    ['doi:10.1145/3290605.3300233', doi('10.1145/3290605.3300233')],
    ['https://doi.org/10.1038/s41586-020-2649-2', doi('10.1038/s41586-020-2649-2')],
    ['http://dx.doi.org/10.1038/nature14539', doi('10.1038/nature14539')],
    ['https://dx.doi.org/10.1016/S0140-6736(20)30183-5', doi('10.1016/S0140-6736(20)30183-5')],
    ['doi.org/10.1234/abc', doi('10.1234/abc')],
    ['10.1002/(SICI)1097-4636#x?y', doi('10.1002/(SICI)1097-4636#x?y', '10.1002/(SICI)1097-4636%23x%3Fy')],
  ])('%s', (input, expected) => {
    expect(resolveInput(input)).toEqual(expected);
  });

  it('the arXiv DOI goes straight to arXiv', () => {
    expect(resolveInput('10.48550/arXiv.2401.00001')).toEqual(arxiv('2401.00001'));
    expect(resolveInput('https://doi.org/10.48550/arXiv.2401.00001')).toEqual(arxiv('2401.00001'));
  });
});

describe('resolveInput: other URLs', () => {
  it.each([
    'https://example.com/paper.pdf',
    'http://example.com/a/b.pdf?download=1',
    'https://openreview.net/pdf?id=abc',
    'https://doi.org/not-a-doi',
  ])('%s is fetched as is', (input) => {
    expect(resolveInput(input)).toEqual({ kind: 'url', url: new URL(input).href, paperUrl: null, label: input });
  });
});

describe('resolveInput: local files', () => {
  it.each([
    'paper.pdf',
    './2401.00001', // a file named like an arXiv id needs a directory part
    './2401.00001.pdf',
    '2401.00001.pdf',
    '/tmp/papers/x.pdf',
    'examples/sample-paper.pdf',
    '../shared/papers/attention.pdf',
    'C:\\papers\\paper.pdf',
    'papers/1234567', // not a known arXiv archive
    '2413.00001', // month 13: not an arXiv id
    'my paper (final).pdf',
  ])('%s', (input) => {
    expect(resolveInput(input)).toEqual({ kind: 'file', path: input });
  });
});

describe('resolveInput: refused schemes', () => {
  it.each([
    'file:///etc/passwd',
    'FILE:///etc/passwd',
    'ftp://example.com/paper.pdf',
    'javascript:alert(1)',
    'data:application/pdf;base64,JVBERi0=',
    'gopher://example.com/',
  ])('%s', (input) => {
    let err: PaperError | undefined;
    try {
      resolveInput(input);
    } catch (e) {
      err = e as PaperError;
    }
    expect(err?.code).toBe('url_refused');
    expect(err?.data).toEqual({ reason: 'only http and https addresses are fetched' });
    expect(describeError(err).message).toBe('That address is not allowed: only http and https addresses are fetched.');
  });

  it('an http URL without a host is refused', () => {
    expect(() => resolveInput('http://')).toThrow(expect.objectContaining({ code: 'url_refused' }));
  });
});
