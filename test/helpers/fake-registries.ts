/**
 * Local fakes of arXiv's API (Atom, `GET /api/query?id_list=…`) and Crossref's REST API (JSON, `GET /works/<doi>`) on
 * 127.0.0.1, answering as the real ones do: a feed with one entry, an empty feed for an unknown id, Crossref's 404.
 * Every request is recorded with the time it arrived.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePaper {
  title: string;
  authors: string[];
  abstract?: string;
  doi?: string;
  journal?: string;
}

/** What the fake does for one id: answer with a paper, fail with a status, or never answer. */
export type FakeAnswer = FakePaper | { status: number } | 'hang';

export interface FakeRequest {
  path: string;
  query: URLSearchParams;
  at: number;
}

export interface FakeRegistries {
  /** ARXIV_API_URL for this fake. */
  arxivUrl: string;
  /** CROSSREF_API_URL for this fake. */
  crossrefUrl: string;
  arxiv: Map<string, FakeAnswer>;
  crossref: Map<string, FakeAnswer>;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ARXIV_NS = 'http://arxiv.org/schemas/atom';

function feed(query: string, entries: string, total: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${esc(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${esc(query)}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2025-01-10T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage>
${entries}</feed>
`;
}

/** One Atom entry as arXiv writes it: the title wrapped over two lines, the abstract indented. */
export function atomEntry(id: string, p: FakePaper): string {
  const versioned = /v\d+$/.test(id) ? id : `${id}v1`;
  const words = p.title.split(' ');
  const half = Math.ceil(words.length / 2);
  const title = `${words.slice(0, half).join(' ')}\n  ${words.slice(half).join(' ')}`;
  return `  <entry>
    <id>http://arxiv.org/abs/${versioned}</id>
    <updated>2025-01-10T18:30:00Z</updated>
    <published>2025-01-09T18:00:00Z</published>
    <title>${esc(title)}</title>
    <summary>  ${esc(p.abstract ?? 'An abstract.')}\n</summary>
${p.authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>\n`).join('')}${
    p.doi ? `    <arxiv:doi xmlns:arxiv="${ARXIV_NS}">${esc(p.doi)}</arxiv:doi>\n    <link title="doi" href="http://dx.doi.org/${esc(p.doi)}" rel="related"/>\n` : ''
  }    <arxiv:comment xmlns:arxiv="${ARXIV_NS}">12 pages, 3 figures</arxiv:comment>
${p.journal ? `    <arxiv:journal_ref xmlns:arxiv="${ARXIV_NS}">${esc(p.journal)}</arxiv:journal_ref>\n` : ''}    <link href="http://arxiv.org/abs/${versioned}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${versioned}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="${ARXIV_NS}" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
`;
}

/** A Crossref `works` answer, with authors split into given and family names. */
export function crossrefWork(doi: string, p: FakePaper): string {
  const author = p.authors.map((a, i) => {
    const parts = a.split(' ');
    return { given: parts.slice(0, -1).join(' '), family: parts.at(-1), sequence: i === 0 ? 'first' : 'additional', affiliation: [] };
  });
  return JSON.stringify({
    status: 'ok',
    'message-type': 'work',
    'message-version': '1.0.0',
    message: {
      DOI: doi,
      type: 'journal-article',
      title: [p.title],
      author,
      'container-title': [p.journal ?? 'Journal of Examples'],
      issued: { 'date-parts': [[2025, 3, 1]] },
      published: { 'date-parts': [[2025, 3]] },
      abstract: `<jats:p>${esc(p.abstract ?? 'An abstract.')}</jats:p>`,
    },
  });
}

const isPaper = (a: FakeAnswer): a is FakePaper => typeof a === 'object' && 'title' in a;

export async function startFakeRegistries(): Promise<FakeRegistries> {
  const arxiv = new Map<string, FakeAnswer>();
  const crossref = new Map<string, FakeAnswer>();
  const requests: FakeRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: url.searchParams, at: Date.now() });
    const answerWith = (answer: FakeAnswer | undefined, ok: (p: FakePaper) => [string, string], missing: () => [number, string, string]) => {
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      if (answer && !isPaper(answer)) {
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      if (answer) {
        const [type, body] = ok(answer);
        res.writeHead(200, { 'content-type': type }).end(body);
        return;
      }
      const [status, type, body] = missing();
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    if (url.pathname === '/api/query') {
      const id = url.searchParams.get('id_list') ?? '';
      const query = url.search.slice(1);
      answerWith(
        arxiv.get(id) ?? arxiv.get(id.replace(/v\d+$/, '')),
        (p) => ['application/atom+xml; charset=utf-8', feed(query, atomEntry(id, p), 1)],
        () => [200, 'application/atom+xml; charset=utf-8', feed(query, '', 0)],
      );
      return;
    }
    if (url.pathname.startsWith('/works/')) {
      const doi = decodeURIComponent(url.pathname.slice('/works/'.length)).toLowerCase();
      answerWith(
        crossref.get(doi),
        (p) => ['application/json', crossrefWork(doi, p)],
        () => [404, 'text/plain', 'Resource not found.'],
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    arxivUrl: `http://127.0.0.1:${port}/api/query`,
    crossrefUrl: `http://127.0.0.1:${port}`,
    arxiv,
    crossref,
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
