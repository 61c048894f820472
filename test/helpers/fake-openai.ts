/** A local OpenAI-compatible chat-completions server for end-to-end tests (127.0.0.1 only). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: Array<{ role: string; content: string }>; [k: string]: unknown };
}

/**
 * How a streamed answer (a request with `stream: true`) is sent: server-wide in `fake.streaming`, and per answer in
 * `Scripted.stream` (which wins).
 */
export interface StreamBehaviour {
  /** Characters (code points) per content chunk. */
  chunkChars: number;
  /** Wait before each content chunk. */
  paceMs: number;
  /** Awaited before content chunk `index` (0-based) is sent: a test holds the stream where it wants. */
  beforeChunk?: ((index: number, total: number) => Promise<void>) | undefined;
  /** After this many content chunks, send nothing more and keep the connection open (a stalled stream). */
  stallAfter?: number | undefined;
  /** After this many content chunks, drop the connection (a stream that breaks off). */
  breakAfter?: number | undefined;
  /** Usage in the last chunk when the request asks for it (stream_options.include_usage); false = never. */
  usage: boolean;
}

/** What the whole server refuses, as some OpenAI-compatible servers do. */
export interface StreamRefusals {
  /** HTTP 400 naming stream_options for any request that has it. */
  streamOptions: boolean;
  /** HTTP 400 for any request with `stream: true`. */
  stream: boolean;
  /** Answer `stream: true` requests with one whole JSON answer (a server that ignores `stream`). */
  ignoreStream: boolean;
}

/** One answer. `delayMs` holds it back first; `reply: null` is a message without content. */
export type Scripted = (
  | { reply: string | null; finishReason?: string; promptTokens?: number; completionTokens?: number; stream?: Partial<StreamBehaviour> }
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
  /** How streamed answers are sent (see StreamBehaviour); default: 8 characters a chunk, no pause, usage when asked. */
  streaming: StreamBehaviour;
  /** What the server refuses (default: nothing). */
  refuses: StreamRefusals;
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
    streaming: { chunkChars: 8, paceMs: 0, usage: true },
    refuses: { streamOptions: false, stream: false, ignoreStream: false },
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
      if (recorded.body.stream === true) {
        const refusal = refusalOf(fake.refuses, recorded);
        if (refusal) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: refusal, type: 'invalid_request_error' } }));
          return;
        }
        if (!fake.refuses.ignoreStream) return streamAnswer(res, recorded, next, { ...fake.streaming, ...next.stream }, requests.length);
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

function refusalOf(refuses: StreamRefusals, req: RecordedRequest): string | null {
  if (refuses.stream) return "Unsupported value: 'stream' does not support true with this model.";
  if (refuses.streamOptions && req.body.stream_options !== undefined) return 'Unrecognized request argument supplied: stream_options';
  return null;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Server-sent events as OpenAI sends them: a role chunk, content chunks, a finish chunk, usage when asked, [DONE]. */
async function streamAnswer(
  res: http.ServerResponse,
  req: RecordedRequest,
  answer: { reply: string | null; finishReason?: string; promptTokens?: number; completionTokens?: number },
  how: StreamBehaviour,
  n: number,
): Promise<void> {
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: req.body.model };
  const send = (chunk: object) => res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  const chars = Array.from(answer.reply ?? '');
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += how.chunkChars) pieces.push(chars.slice(i, i + how.chunkChars).join(''));
  for (const [i, piece] of pieces.entries()) {
    if (how.stallAfter !== undefined && i >= how.stallAfter) return; // nothing more, connection left open
    if (how.breakAfter !== undefined && i >= how.breakAfter) {
      // What was sent reaches the client first; then the connection drops without the end of the response.
      await new Promise<void>((r) => res.write(': flushed\n\n', () => r()));
      await pause(20);
      res.socket?.destroy();
      return;
    }
    if (how.beforeChunk) await how.beforeChunk(i, pieces.length);
    if (how.paceMs) await pause(how.paceMs);
    if (res.destroyed) return;
    send({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  send({ choices: [{ index: 0, delta: {}, finish_reason: answer.finishReason ?? 'stop' }] });
  const options = req.body.stream_options as { include_usage?: boolean } | undefined;
  if (how.usage && options?.include_usage) {
    const promptTokens = answer.promptTokens ?? 1000;
    const completionTokens = answer.completionTokens ?? 200;
    send({ choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } });
  }
  res.end('data: [DONE]\n\n');
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
