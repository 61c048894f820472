/** A local OpenAI-compatible chat-completions server for end-to-end tests (127.0.0.1 only). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: Array<{ role: string; content: string }>; [k: string]: unknown };
}

export type Scripted =
  | { reply: string; finishReason?: string; promptTokens?: number; completionTokens?: number }
  | { status: number; headers?: Record<string, string>; error?: string };

export interface FakeOpenAi {
  baseURL: string;
  requests: RecordedRequest[];
  /** Queue responses; when the queue is empty, `fallback` answers. */
  script(...responses: Scripted[]): void;
  fallback: (req: RecordedRequest) => Scripted;
  close(): Promise<void>;
}

export async function startFakeOpenAi(fallback: (req: RecordedRequest) => Scripted = () => ({ reply: '' })): Promise<FakeOpenAi> {
  const queue: Scripted[] = [];
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAi = {
    baseURL: '',
    requests,
    script: (...r) => void queue.push(...r),
    fallback,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
      requests.push(recorded);
      const next = queue.shift() ?? fake.fallback(recorded);
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
