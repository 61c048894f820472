import { describe, expect, it } from 'vitest';
import { linksForRequest, normalizeUrl, verifyAuthors, verifyLinks } from '../../src/core/pipeline/verify-summary.ts';
import { makeStructure } from '../helpers/structure-fixture.ts';

const paper = makeStructure({
  arxivId: '2401.01234v2',
  githubUrls: ['https://github.com/lab/real-code'],
  pages: [
    { num: 1, text: 'A Study of Things\nAda Lovelace1, Charles Babbage2\n1 Analytical Engine Society\nCode: https://github.com/lab/real-\ncode and data at https://data.example.org/things' },
    { num: 2, text: 'More text.' },
  ],
});

describe('verifyLinks', () => {
  it('keeps a code link printed in the paper and drops an invented one', () => {
    expect(verifyLinks({ paper: null, code: 'https://github.com/lab/real-code' }, paper).code).toBe('https://github.com/lab/real-code');
    expect(verifyLinks({ paper: null, code: 'https://github.com/lab/real-code.git/' }, paper).code).toBe('https://github.com/lab/real-code');
    expect(verifyLinks({ paper: null, code: 'https://github.com/someone/invented' }, paper).code).toBeNull();
  });

  it('accepts the detected arXiv id in any version and replaces a wrong paper link by the detected one', () => {
    expect(verifyLinks({ paper: 'https://arxiv.org/abs/2401.01234', code: null }, paper).paper).toBe('https://arxiv.org/abs/2401.01234');
    expect(verifyLinks({ paper: 'https://arxiv.org/abs/2302.08724', code: null }, paper).paper).toBe('https://arxiv.org/abs/2401.01234v2');
    expect(verifyLinks({ paper: null, code: null }, paper).paper).toBe('https://arxiv.org/abs/2401.01234v2');
  });

  it('prefers the link the user gave, and accepts other links printed in the paper', () => {
    // The user's link is applied per request, on top of the links verified from the paper alone.
    expect(linksForRequest(verifyLinks({ paper: null, code: null }, paper), 'https://doi.org/10.1/x').paper).toBe('https://doi.org/10.1/x');
    expect(linksForRequest(verifyLinks({ paper: null, code: null }, paper), undefined).paper).toBe('https://arxiv.org/abs/2401.01234v2');
    const noIds = makeStructure({ pages: paper.pages });
    expect(verifyLinks({ paper: 'https://data.example.org/things', code: null }, noIds).paper).toBe('https://data.example.org/things');
    expect(verifyLinks({ paper: 'https://example.com/fake', code: null }, noIds).paper).toBeNull();
  });

  it('an arXiv or DOI look-alike on another host never survives: it becomes the canonical link of the paper\'s own id, or is dropped', () => {
    expect(verifyLinks({ paper: 'https://evil.example/arxiv.org/abs/2401.01234', code: null }, paper).paper).toBe('https://arxiv.org/abs/2401.01234');
    expect(verifyLinks({ paper: 'https://arxiv.org/pdf/2401.01234v2', code: null }, paper).paper).toBe('https://arxiv.org/abs/2401.01234v2');
    const withDoi = makeStructure({ doi: '10.1234/Real.5', pages: paper.pages });
    expect(verifyLinks({ paper: 'https://evil.example/doi.org/10.1234/real.5', code: null }, withDoi).paper).toBe('https://doi.org/10.1234/Real.5');
    expect(verifyLinks({ paper: 'https://doi.org/10.1234/other', code: null }, withDoi).paper).toBe('https://doi.org/10.1234/Real.5');
  });

  it('normalizes URLs for comparison', () => {
    expect(normalizeUrl('HTTPS://www.GitHub.com/a/b.git/')).toBe('github.com/a/b');
    expect(normalizeUrl('https://github.com/a/b).')).toBe('github.com/a/b');
  });
});

describe('verifyAuthors', () => {
  it('keeps authors found on the first pages and drops invented ones', () => {
    expect(verifyAuthors(['Ada Lovelace', 'Charles Babbage', 'Alan Turing'], paper)).toEqual(['Ada Lovelace', 'Charles Babbage']);
  });
  it('falls back to the extracted authors when most claimed names are not in the paper', () => {
    expect(verifyAuthors(['John Doe', 'Jane Roe', 'Max Mustermann'], paper)).toEqual(['Ada Lovelace', 'Charles Babbage']);
  });
});
