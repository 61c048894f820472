/**
 * A local fake of the Slack Web API and file host (127.0.0.1 only) for running the real Bolt app in tests.
 * Answers auth.test, chat.postMessage, chat.update, chat.delete, reactions.add, files.info and the files.uploadV2
 * exchange (files.getUploadURLExternal, the upload itself, files.completeUploadExternal); serves file bytes under
 * /files/. The streaming methods (chat.startStream / appendStream / stopStream) keep each stream's state: appending to
 * or stopping a stream that was stopped or left idle longer than `streamExpiryMs` answers
 * `message_not_in_streaming_state`, and outside a DM startStream wants recipient_user_id and recipient_team_id;
 * `streamingMethods = 'unknown_method'` makes the fake a Slack without them. Every call records when it arrived (`at`).
 * Every call is recorded with its parsed parameters, Authorization header and the status answered. `fail()` makes the
 * next calls of a method answer 429 + Retry-After, a 5xx, or an error body (e.g. one that echoes the token).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  auth: string | undefined;
  /** When the fake received it (Date.now()). */
  at?: number;
  /** HTTP status the fake answered with, and whether the body said `ok: true`. */
  status?: number;
  ok?: boolean;
}

/**
 * How a failing call is answered: HTTP 429 with `Retry-After: retryAfter` (seconds), or `status` (a 5xx, or 200 with
 * an `{ ok: false }` body) with `body`, which may be built from the request's Authorization header.
 */
export type SlackFailure = { status: 429; retryAfter: number } | { status: number; body?: Record<string, unknown> | ((auth: string | undefined) => unknown) };

export interface SlackFailRule {
  method: string;
  /** How many matching calls fail (Infinity: until clearFailures). */
  times: number;
  answer: SlackFailure;
  /** Only calls whose parameters match fail (e.g. the chat.update that carries the summary's blocks). */
  when?: (params: Record<string, unknown>) => boolean;
}

export interface ServedFile {
  body: Uint8Array | string;
  contentType: string;
}

export interface FakeSlack {
  /** SLACK_API_URL for the app, e.g. http://127.0.0.1:1234/api/ */
  apiUrl: string;
  origin: string;
  calls: SlackCall[];
  /** File downloads seen: path and Authorization header. */
  downloads: Array<{ path: string; auth: string | undefined }>;
  /** Serve bytes at `${origin}/files/${name}`; returns that URL. */
  serveFile(name: string, file: ServedFile): string;
  /** Objects files.info answers with, by file id. */
  fileInfo: Map<string, Record<string, unknown>>;
  callsIn(channel: string, method?: string): SlackCall[];
  /** What apps.connections.open answers (Socket Mode). */
  socketUrl: string | null;
  /** Answer the next call of `method` with HTTP 429 and `Retry-After: seconds` (recorded like any call). */
  rateLimitNext(method: string, seconds: number): void;
  /** Answer the next `times` calls of `method` (matching `when`) with `answer`. */
  fail(method: string, times: number, answer: SlackFailure, when?: SlackFailRule['when']): void;
  clearFailures(): void;
  /** 'unknown_method': the streaming methods do not exist (an older Slack, a token type that cannot use them). */
  streamingMethods: 'on' | 'unknown_method';
  /** How long a stream may stay idle before Slack stops knowing it as streaming (default 5 minutes). */
  streamExpiryMs: number;
  /** The streams started, by ts: their Markdown so far and whether they are still streaming. */
  streams: Map<string, { channel: string; text: string; stopped: boolean; lastAt: number }>;
  /** Calls of `method` the fake answered with 200 and `ok: true`. */
  succeeded(method: string): SlackCall[];
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if ((contentType ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if ((k === 'blocks' || k === 'attachments' || k === 'files') && v.startsWith('[')) out[k] = JSON.parse(v);
    else out[k] = v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const downloads: FakeSlack['downloads'] = [];
  const files = new Map<string, ServedFile>();
  const fileInfo = new Map<string, Record<string, unknown>>();
  const rules: SlackFailRule[] = [];
  let ts = 1_700_000_000;
  let uploads = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let call: SlackCall | undefined;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        if (call) Object.assign(call, { status, ok: status === 200 && (body as { ok?: boolean } | null)?.ok === true });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname.startsWith('/files/')) {
        downloads.push({ path: url.pathname, auth: req.headers.authorization });
        const f = files.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
        if (!f) return json(404, { ok: false });
        res.writeHead(200, { 'content-type': f.contentType });
        res.end(f.body);
        return;
      }
      if (url.pathname.startsWith('/upload/')) {
        calls.push({ method: 'upload', params: { path: url.pathname, bytes: Buffer.concat(chunks).length }, auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('OK');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const params = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
      call = { method, params, auth: req.headers.authorization, at: Date.now() };
      calls.push(call);
      const rule = rules.find((r) => r.method === method && r.times > 0 && (!r.when || r.when(params)));
      if (rule) {
        rule.times -= 1;
        const a = rule.answer;
        if ('retryAfter' in a) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(a.retryAfter) });
        const body = typeof a.body === 'function' ? a.body(req.headers.authorization) : (a.body ?? { ok: false, error: 'fake_failure' });
        return json(a.status, body);
      }
      switch (method) {
        case 'auth.test':
          return json(200, { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'paperbot', team_id: 'T000FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
        case 'apps.connections.open':
          return fake.socketUrl ? json(200, { ok: true, url: fake.socketUrl }) : json(200, { ok: false, error: 'not_allowed_token_type' });
        case 'chat.postMessage': {
          ts += 1;
          return json(200, { ok: true, channel: params.channel, ts: `${ts}.000100`, message: { text: params.text } });
        }
        case 'chat.update':
          return json(200, { ok: true, channel: params.channel, ts: params.ts, text: params.text });
        case 'chat.delete':
          return json(200, { ok: true, channel: params.channel, ts: params.ts });
        case 'chat.startStream':
        case 'chat.appendStream':
        case 'chat.stopStream':
          return streamCall(method, params, json);
        case 'chat.getPermalink':
          return json(200, { ok: true, channel: params.channel, permalink: `https://fake.slack.com/archives/${String(params.channel)}/p${String(params.message_ts).replace('.', '')}` });
        case 'reactions.add':
          return json(200, { ok: true });
        case 'files.info': {
          const info = fileInfo.get(String(params.file));
          return info ? json(200, { ok: true, file: info }) : json(200, { ok: false, error: 'file_not_found' });
        }
        case 'files.getUploadURLExternal': {
          uploads += 1;
          return json(200, { ok: true, upload_url: `${fake.origin}/upload/${uploads}`, file_id: `FUP${uploads}` });
        }
        case 'files.completeUploadExternal': {
          const list = (typeof params.files === 'string' ? JSON.parse(params.files) : params.files) as Array<{ id: string }>;
          return json(200, { ok: true, files: list.map((f) => ({ id: f.id, name: 'summary.md' })) });
        }
        default:
          return json(200, { ok: false, error: 'unknown_method' });
      }
    });
  });
  const streams: FakeSlack['streams'] = new Map();
  function streamCall(method: string, params: Record<string, unknown>, json: (status: number, body: unknown) => void) {
    if (fake.streamingMethods === 'unknown_method') return json(200, { ok: false, error: 'unknown_method' });
    const text = typeof params.markdown_text === 'string' ? params.markdown_text : '';
    if (method === 'chat.startStream') {
      if (!String(params.channel).startsWith('D') && (!params.recipient_user_id || !params.recipient_team_id)) return json(200, { ok: false, error: 'invalid_arguments' });
      ts += 1;
      const id = `${ts}.000100`;
      streams.set(id, { channel: String(params.channel), text, stopped: false, lastAt: Date.now() });
      return json(200, { ok: true, channel: params.channel, ts: id });
    }
    const s = streams.get(String(params.ts));
    if (!s) return json(200, { ok: false, error: 'message_not_found' });
    if (s.stopped || Date.now() - s.lastAt > fake.streamExpiryMs) return json(200, { ok: false, error: 'message_not_in_streaming_state' });
    s.text += text;
    s.lastAt = Date.now();
    if (method === 'chat.stopStream') s.stopped = true;
    return json(200, { ok: true, channel: params.channel, ts: params.ts });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeSlack = {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    downloads,
    fileInfo,
    socketUrl: null,
    streamingMethods: 'on',
    streamExpiryMs: 5 * 60_000,
    streams,
    serveFile(name, file) {
      files.set(name, file);
      return `${origin}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
    },
    rateLimitNext: (method, seconds) => fake.fail(method, 1, { status: 429, retryAfter: seconds }),
    fail: (method, times, answer, when) => void rules.push({ method, times, answer, ...(when ? { when } : {}) }),
    clearFailures: () => void rules.splice(0),
    succeeded: (method) => calls.filter((c) => c.method === method && c.ok === true),
    callsIn: (channel, method) => calls.filter((c) => (c.params.channel === channel || c.params.channel_id === channel) && (!method || c.method === method)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** Posts an Events API payload to the app, signed like Slack does (or with a wrong signature). */
export async function postSignedEvent(
  url: string,
  secret: string,
  payload: unknown,
  opts: { retryNum?: number; badSignature?: boolean } = {},
): Promise<{ status: number; body: string }> {
  const raw = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = 'v0=' + createHmac('sha256', opts.badSignature ? `${secret}-wrong` : secret).update(`v0:${timestamp}:${raw}`).digest('hex');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-signature': signature,
    'x-slack-request-timestamp': timestamp,
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body: raw });
  return { status: res.status, body: await res.text() };
}

/** Posts a slash command (form-encoded, as Slack sends it), signed. */
export async function postSignedForm(url: string, secret: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const raw = new URLSearchParams(fields).toString();
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

/** Polls `check` until it returns a truthy value or the time is up (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
