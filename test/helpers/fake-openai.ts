/** A local OpenAI-compatible chat-completions server for end-to-end tests (127.0.0.1 only). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: Array<{ role: string; content: string }>; [k: string]: unknown };
}

/** One answer. `delayMs` holds it back first; `reply: null` is a message without content. */
export type Scripted = (
  | { reply: string | null; finishReason?: string; promptTokens?: number; completionTokens?: number }
  | { status: number; headers?: Record<string, string>; error?: string }
  /** Never answer (a hung model); the client's timeout ends it. */
  | { hang: true }
  /** Close the connection without any answer (a crashed server or proxy). */
  | { destroy: true }
) & { delayMs?: number };

export interface FakeOpenAi {
  baseURL: string;
  requests: RecordedRequest[];
  /** Queue responses; when the queue is empty, `fallback` answers. */
  script(...responses: Scripted[]): void;
  fallback: (req: RecordedRequest) => Scripted;
  /** Awaited before each answer (a delay, or a promise that never settles for a model that hangs). */
  gate?: ((req: RecordedRequest) => Promise<void>) | undefined;
  /** Embeddings requests (`/embeddings`), kept apart from the chat requests above. */
  embeddingRequests: RecordedRequest[];
  /** The vector for one input text; default: hashed bag of words (the same words give close vectors). */
  embed: (text: string) => number[];
  /** When set, `/embeddings` answers with this HTTP status (an endpoint without embeddings, an outage). */
  embeddingsStatus?: number | undefined;
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeOpenAi(fallback: (req: RecordedRequest) => Scripted = () => ({ reply: '' })): Promise<FakeOpenAi> {
  const queue: Scripted[] = [];
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAi = {
    baseURL: '',
    requests,
    embeddingRequests: [],
    embed: (text) => hashedBagOfWords(text),
    script: (...r) => void queue.push(...r),
    fallback,
    inFlight: 0,
    maxInFlight: 0,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Requests held by a gate would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
      if (recorded.path.endsWith('/embeddings')) return answerEmbeddings(fake, recorded, res);
      requests.push(recorded);
      fake.inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
      res.once('close', () => fake.inFlight--);
      if (fake.gate) await fake.gate(recorded);
      if (res.destroyed) return;
      const next = queue.shift() ?? fake.fallback(recorded);
      if (next.delayMs) await new Promise((r) => setTimeout(r, next.delayMs));
      if (res.destroyed || 'hang' in next) return;
      if ('destroy' in next) {
        req.socket.destroy();
        return;
      }
      if ('status' in next) {
        res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
        res.end(JSON.stringify({ error: { message: next.error ?? 'scripted failure', type: 'server_error' } }));
        return;
      }
      const promptTokens = next.promptTokens ?? 1000;
      const completionTokens = next.completionTokens ?? 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: recorded.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: next.reply }, finish_reason: next.finishReason ?? 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

/**
 * A 2,048-dimension vector of the text's content words (four letters or more, lower-case), hashed and L2-normalized:
 * texts sharing words get close vectors, unrelated texts nearly orthogonal ones. `canon` maps each word first (a
 * test's notion of synonyms).
 */
export function hashedBagOfWords(text: string, canon: (word: string) => string = (w) => w): number[] {
  const v = new Array<number>(2048).fill(0);
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []) {
    const w = canon(raw);
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    v[(h >>> 0) % 2048]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function answerEmbeddings(fake: FakeOpenAi, recorded: RecordedRequest, res: http.ServerResponse): void {
  fake.embeddingRequests.push(recorded);
  if (fake.embeddingsStatus) {
    res.writeHead(fake.embeddingsStatus, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'embeddings unavailable', type: 'server_error' } }));
    return;
  }
  const input = recorded.body.input as unknown;
  const texts = Array.isArray(input) ? input.map(String) : [String(input)];
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      object: 'list',
      model: recorded.body.model,
      data: texts.map((t, index) => ({ object: 'embedding', index, embedding: fake.embed(t) })),
      usage: { prompt_tokens: texts.length * 10, total_tokens: texts.length * 10 },
    }),
  );
}
