/**
 * Issue 17, item 3: metadata from the registries. The real pipeline (createPipeline: PDF parser child, structure,
 * registry clients behind the guarded fetcher, cache) against local fakes of arXiv's and Crossref's APIs on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createPipeline, type Pipeline } from '../../src/services/create-pipeline.ts';
import { createPaperRegistry, REGISTRY_TIMEOUT_MS } from '../../src/services/paper-registry.ts';
import { createPromRegistry } from '../../src/services/prom-registry.ts';
import { createKeyvCache } from '../../src/services/keyv-cache.ts';
import { ARXIV_INTERVAL_MS } from '../../src/core/registry/pacer.ts';
import type { PaperRequest } from '../../src/core/types.ts';
import { makePaperPdf, type PaperSpec } from '../fixtures/make-paper-pdf.ts';
import { SAMPLE_ARXIV_ID, SAMPLE_TITLE, samplePaperSpec } from '../fixtures/sample-paper-spec.ts';
import { startFakeRegistries, type FakeRegistries } from '../helpers/fake-registries.ts';
import { freePort } from '../helpers/free-port.ts';

const REGISTRY_AUTHORS = [...samplePaperSpec.authors];
const DOI = '10.5555/sieve.2025.117';
/** The sample paper with its author line left out, as a layout the structure stage cannot read would leave it. */
const HIDDEN: PaperSpec = { ...samplePaperSpec, authors: [], affiliations: [], email: undefined, info: { title: SAMPLE_TITLE } };

let fake: FakeRegistries;
let hiddenPdf: Uint8Array;
const open: Pipeline[] = [];

beforeAll(async () => {
  fake = await startFakeRegistries();
  hiddenPdf = await makePaperPdf(HIDDEN);
});
afterAll(async () => {
  await Promise.all(open.map((p) => p.close()));
  await fake.close();
});
beforeEach(() => {
  fake.arxiv.clear();
  fake.crossref.clear();
  fake.requests.length = 0;
});

function pipeline(env: Record<string, string> = {}, warnings: string[] = []): Pipeline {
  const config = loadConfig({ CACHE_URL: 'memory:', PARSE_TIMEOUT_S: '30', ARXIV_API_URL: fake.arxivUrl, CROSSREF_API_URL: fake.crossrefUrl, ...env });
  const p = createPipeline(config, { registry: createPromRegistry(), onWarning: (m) => warnings.push(m) });
  open.push(p);
  return p;
}

const request = (bytes: Uint8Array, more: Partial<PaperRequest> = {}): PaperRequest => ({ bytes, fileName: 'paper.pdf', language: 'en', engine: 'extractive', ...more });

describe('arXiv: a record whose title is the printed title fills in the authors the PDF hid', () => {
  it('the PDF prints no authors; the arXiv record (found by the printed arXiv stamp) gives all four', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS, doi: DOI });
    const withoutRegistry = await pipeline({ REGISTRY_LOOKUP: 'off' }).summarizer.summarize(request(hiddenPdf));
    expect(withoutRegistry.authors).toEqual([]);
    const result = await pipeline().summarizer.summarize(request(hiddenPdf));
    expect(result.authors).toEqual(REGISTRY_AUTHORS);
    // Title as printed; the links are what the paper supports, as before.
    expect(result.titleOriginal).toBe(SAMPLE_TITLE);
    expect(result.links.paper).toBe(withoutRegistry.links.paper);
    expect(fake.requests.map((r) => [r.path, r.query.get('id_list')])).toEqual([['/api/query', `${SAMPLE_ARXIV_ID}v1`]]);
  });

  it('a PDF that prints some of the authors gets the rest, its printed names kept as printed', async () => {
    // The PDF prints an initial where the registry has the given name.
    const pdf = await makePaperPdf({ ...samplePaperSpec, authors: ['M. Okafor', 'Tomás Varga'] });
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS });
    const result = await pipeline().summarizer.summarize(request(pdf));
    expect(result.authors).toEqual(['M. Okafor', 'Daniel Reyes', 'Lena Hoffmann', 'Tomás Varga']);
  });

  it('a record whose title is another paper\'s is ignored: a wrong id cannot plant metadata', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'] });
    const result = await pipeline().summarizer.summarize(request(hiddenPdf));
    expect(fake.requests).toHaveLength(1);
    expect(result.authors).toEqual([]);
    expect(result.titleOriginal).toBe(SAMPLE_TITLE);
  });

  it('the id the user typed is asked first (the request\'s arXiv link), then the printed one', async () => {
    fake.arxiv.set('2502.00001', { title: 'Another Paper Entirely', authors: ['A. Nother'] });
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS });
    const result = await pipeline().summarizer.summarize(request(hiddenPdf, { knownPaperUrl: 'https://arxiv.org/abs/2502.00001' }));
    expect(fake.requests.map((r) => r.query.get('id_list'))).toEqual(['2502.00001', `${SAMPLE_ARXIV_ID}v1`]);
    expect(result.authors).toEqual(REGISTRY_AUTHORS);
  });
});

describe('Crossref: a DOI', () => {
  const noStamp: PaperSpec = { ...HIDDEN, arxivId: undefined };
  it('fills in the authors (given + family) when the title matches, with mailto when CROSSREF_MAILTO is set', async () => {
    fake.crossref.set(DOI, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS, journal: 'Journal of Examples' });
    const pdf = await makePaperPdf(noStamp);
    const result = await pipeline({ CROSSREF_MAILTO: 'ops@example.org' }).summarizer.summarize(request(pdf, { knownPaperUrl: `https://doi.org/${DOI}` }));
    expect(result.authors).toEqual(REGISTRY_AUTHORS);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe(`/works/${DOI}`);
    expect(fake.requests[0]!.query.get('mailto')).toBe('ops@example.org');
    expect(result.links.paper).toBe(`https://doi.org/${DOI}`);
  });

  it('a Crossref record of another paper is ignored', async () => {
    fake.crossref.set(DOI, { title: 'A Survey of Something Else', authors: ['Jane Doe'] });
    const pdf = await makePaperPdf(noStamp);
    const result = await pipeline().summarizer.summarize(request(pdf, { knownPaperUrl: `https://doi.org/${DOI}` }));
    expect(fake.requests).toHaveLength(1);
    expect(result.authors).toEqual([]);
  });
});

describe('a registry that fails means the PDF alone, never an error', () => {
  it('a 500: the summary comes from the PDF, with a warning', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { status: 500 });
    const warnings: string[] = [];
    const result = await pipeline({}, warnings).summarizer.summarize(request(hiddenPdf));
    expect(result.authors).toEqual([]);
    expect(result.titleOriginal).toBe(SAMPLE_TITLE);
    expect(warnings.join('\n')).toMatch(/arxiv was not reachable .*the authors come from the PDF alone/);
  });

  it('unreachable (nothing listens): the summary comes from the PDF', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const result = await pipeline({ ARXIV_API_URL: `http://127.0.0.1:${port}/api/query` }, warnings).summarizer.summarize(request(hiddenPdf));
    expect(result.authors).toEqual([]);
    expect(warnings.join('\n')).toMatch(/arxiv was not reachable .*the authors come from the PDF alone/);
  });

  it('no answer: the lookup gives up at its timeout (5 s by default) and the paper goes on', async () => {
    expect(REGISTRY_TIMEOUT_MS).toBe(5000);
    fake.arxiv.set(SAMPLE_ARXIV_ID, 'hang');
    const warnings: string[] = [];
    const config = loadConfig({ ARXIV_API_URL: fake.arxivUrl, CROSSREF_API_URL: fake.crossrefUrl });
    const registry = createPaperRegistry(config, { cache: createKeyvCache({ url: 'memory:' }), timeoutMs: 300, onWarning: (m) => warnings.push(m) })!;
    const started = Date.now();
    expect(await registry.lookup({ arxiv: SAMPLE_ARXIV_ID })).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.requests).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/arxiv was not reachable .*the authors come from the PDF alone/);
    // Left alone for a while after a failure: the next paper does not wait for it again.
    expect(await registry.lookup({ arxiv: '2502.00002' })).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });
});

describe('REGISTRY_LOOKUP=off', () => {
  it('sends no request at all, for printed or typed ids', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS });
    const result = await pipeline({ REGISTRY_LOOKUP: 'off' }).summarizer.summarize(request(hiddenPdf, { knownPaperUrl: `https://doi.org/${DOI}` }));
    expect(result.authors).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('cache and pacing', () => {
  it('answers are cached by id: the same id again sends no request (a record, and "not found" too)', async () => {
    fake.arxiv.set(SAMPLE_ARXIV_ID, { title: SAMPLE_TITLE, authors: REGISTRY_AUTHORS });
    const p = pipeline();
    const first = await p.summarizer.summarize(request(hiddenPdf));
    const again = await p.summarizer.summarize(request(hiddenPdf, { bypassCache: true }));
    expect(again.cached).toBe(false);
    expect(again.authors).toEqual(first.authors);
    expect(fake.requests).toHaveLength(1);
    // An id arXiv does not know (an empty feed) is remembered too.
    const unknown = await makePaperPdf({ ...HIDDEN, arxivId: '2503.09999' });
    await p.summarizer.summarize(request(unknown));
    await p.summarizer.summarize(request(unknown, { bypassCache: true }));
    expect(fake.requests.map((r) => r.query.get('id_list'))).toEqual([`${SAMPLE_ARXIV_ID}v1`, '2503.09999v1']);
  });

  it(`two lookups of different ids: the second waits for arXiv's interval (${ARXIV_INTERVAL_MS} ms)`, async () => {
    expect(ARXIV_INTERVAL_MS).toBe(3000);
    const other = await makePaperPdf({ ...HIDDEN, arxivId: '2501.05555' });
    const p = pipeline();
    await Promise.all([p.summarizer.summarize(request(hiddenPdf)), p.summarizer.summarize(request(other))]);
    expect(fake.requests).toHaveLength(2);
    const [a, b] = fake.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(b! - a!).toBeGreaterThanOrEqual(ARXIV_INTERVAL_MS);
  });
});

describe('operator-trusted endpoints', () => {
  it('the chat fetcher may reach ARXIV_PDF_URL\'s host although it is private; without it, it may not', async () => {
    const { createServices } = await import('../../src/services/create-services.ts');
    fake.crossref.set('10.5555/trust', { title: 'T', authors: [] });
    const target = `${fake.crossrefUrl}/works/10.5555/trust`;
    const trusted = createServices(loadConfig({ CACHE_URL: 'memory:', ARXIV_PDF_URL: `${fake.crossrefUrl}/works/` }));
    const plain = createServices(loadConfig({ CACHE_URL: 'memory:' }));
    try {
      expect((await trusted.fetcher.fetchBytes(target)).contentType).toBe('application/json');
      await expect(plain.fetcher.fetchBytes(target)).rejects.toMatchObject({ code: 'url_refused' });
    } finally {
      await Promise.all([trusted.close(), plain.close()]);
    }
  });
});
