/**
 * A local fake of Discord (127.0.0.1 only) for running the real discord.js Client in tests:
 *
 * - REST under `/api/v10`: `GET /gateway/bot` (pointing at the fake gateway), `GET /applications/@me`, command PUTs,
 *   interaction callbacks, webhook edits and follow-ups, channel messages (post, edit, fetch). JSON and multipart
 *   bodies are recorded in order, with their files.
 * - A CDN under `/cdn/…` serving registered bytes, recording every download.
 * - A `ws` gateway on the same port: HELLO, heartbeat ACKs, READY on IDENTIFY (or close 4014 when the intents ask for
 *   a privileged intent the fake "application" has not enabled), then `dispatch()` for INTERACTION_CREATE and friends.
 * - `fail()`: the next matching REST calls answer 429 the way Discord does (Retry-After and X-RateLimit-* headers, a
 *   `retry_after` / `global` body) or another status with a chosen body (a 5xx, an error echoing a token).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RestCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: string;
  auth: string | undefined;
  body: Record<string, unknown> | unknown[] | null;
  files: Array<{ name: string; size: number; text: string }>;
  /** When the request arrived (Date.now()): the pace of edits is Discord's to count. */
  at: number;
  /** HTTP status the fake answered with. */
  status?: number;
}

/** A 429 (`retryAfter` seconds; `global` sets X-RateLimit-Global) or any status with a body built from the call. */
export type DiscordFailure = { status: 429; retryAfter: number; global?: boolean } | { status: number; body?: Record<string, unknown> | ((call: RestCall) => unknown) };

export interface DiscordFailRule {
  method: string;
  path: RegExp;
  /** How many matching calls fail (Infinity: until clearFailures). */
  times: number;
  answer: DiscordFailure;
  /** Only calls this accepts fail (e.g. the edit that carries the summary's embeds). */
  when?: (call: RestCall) => boolean;
}

export interface CdnFile {
  body: Uint8Array | string;
  contentType: string;
}

export interface FakeDiscord {
  apiUrl: string;
  origin: string;
  appId: string;
  botId: string;
  calls: RestCall[];
  downloads: string[];
  /** Tokens `GET /gateway/bot` accepts; others get 401. */
  goodTokens: Set<string>;
  /** Close the gateway with 4014 when IDENTIFY asks for any of these intent bits. */
  disallowedIntents: number;
  identifies: Array<{ token: string; intents: number }>;
  /** Channel messages `GET /channels/:c/messages/:m` answers with, by message id. */
  messages: Map<string, Record<string, unknown>>;
  serveCdn(path: string, file: CdnFile): string;
  dispatch(t: string, d: unknown): void;
  /** Resolves when some client has identified and got READY (counting from `after` identifies). */
  waitForReady(after?: number): Promise<void>;
  callsFor(token: string): RestCall[];
  /** The id the fake gave the interaction's original response message, once it was edited. */
  originalMessageId(token: string): string | undefined;
  /** Answer the next `times` REST calls matching `method` + `path` (+ `when`) with `answer`. */
  fail(method: string, path: RegExp, times: number, answer: DiscordFailure, when?: DiscordFailRule['when']): void;
  clearFailures(): void;
  close(): Promise<void>;
}

/** Answers a failing call: a 429 shaped like Discord's (what @discordjs/rest reads), or the chosen status and body. */
function failWith(a: DiscordFailure, call: RestCall, json: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
  if ('retryAfter' in a) {
    const headers: Record<string, string> = {
      'retry-after': String(Math.ceil(a.retryAfter)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.now() / 1000 + a.retryAfter),
      'x-ratelimit-reset-after': String(a.retryAfter),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': a.global ? 'global' : 'user',
      ...(a.global ? { 'x-ratelimit-global': 'true' } : {}),
    };
    json(429, { message: 'You are being rate limited.', retry_after: a.retryAfter, global: !!a.global, code: 0 }, headers);
    return;
  }
  json(a.status, typeof a.body === 'function' ? a.body(call) : (a.body ?? { message: `${a.status}: fake failure`, code: 0 }));
}

let snowflake = 1_200_000_000_000_000_000n;
export const nextId = () => String((snowflake += 4_194_304n));

function messageObject(fake: Pick<FakeDiscord, 'botId' | 'appId'>, channelId: string, body: Record<string, unknown>, id = nextId()) {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: body.flags ?? 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    author: { id: fake.botId, username: 'paperbot', discriminator: '0', global_name: null, avatar: null, bot: true },
    application_id: fake.appId,
  };
}

async function parseBody(req: http.IncomingMessage, raw: Buffer): Promise<{ body: RestCall['body']; files: RestCall['files'] }> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const files: RestCall['files'] = [];
    let body: RestCall['body'] = null;
    for (const [key, value] of form) {
      if (key === 'payload_json' && typeof value === 'string') body = JSON.parse(value) as Record<string, unknown>;
      else if (typeof value !== 'string') files.push({ name: value.name, size: value.size, text: await value.text() });
    }
    return { body, files };
  }
  return { body: raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : null, files: [] };
}

export async function startFakeDiscord(opts: { appId?: string; botId?: string; token?: string } = {}): Promise<FakeDiscord> {
  const sockets = new Set<WebSocket>();
  let seq = 0;
  let readyWaiters: Array<{ after: number; resolve: () => void }> = [];
  let readies = 0;
  const webhookMessages = new Map<string, ReturnType<typeof messageObject>>();
  const rules: DiscordFailRule[] = [];

  const fake: FakeDiscord = {
    apiUrl: '',
    origin: '',
    appId: opts.appId ?? '1100000000000000001',
    botId: opts.botId ?? '1100000000000000002',
    calls: [],
    downloads: [],
    goodTokens: new Set([opts.token ?? 'test-discord-token']),
    disallowedIntents: 0,
    identifies: [],
    messages: new Map(),
    serveCdn: (path, file) => {
      cdn.set(path, file);
      return `${fake.origin}/cdn/${path}`;
    },
    dispatch(t, d) {
      const frame = JSON.stringify({ op: 0, t, s: ++seq, d });
      for (const s of sockets) s.send(frame);
    },
    waitForReady(after = 0) {
      return new Promise((resolve) => {
        if (readies > after) resolve();
        else readyWaiters.push({ after, resolve });
      });
    },
    originalMessageId: (token) => webhookMessages.get(`${token}:%40original`)?.id ?? webhookMessages.get(`${token}:@original`)?.id,
    callsFor: (token) => fake.calls.filter((c) => c.path.includes(`/${token}/`) || c.path.endsWith(`/${token}`)),
    fail: (method, path, times, answer, when) => void rules.push({ method, path, times, answer, ...(when ? { when } : {}) }),
    clearFailures: () => void rules.splice(0),
    close: async () => {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const cdn = new Map<string, CdnFile>();

  const server = http.createServer((req, res) => {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        let recorded: RestCall | undefined;
        const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          if (recorded) recorded.status = status;
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (url.pathname.startsWith('/cdn/')) {
          fake.downloads.push(url.pathname);
          const f = cdn.get(decodeURIComponent(url.pathname.slice('/cdn/'.length)));
          if (!f) return json(404, { message: 'Not found' });
          res.writeHead(200, { 'content-type': f.contentType });
          res.end(f.body);
          return;
        }
        if (!url.pathname.startsWith('/api/v10/')) return json(404, { message: '404: Not Found', code: 0 });
        const path = url.pathname.slice('/api/v10'.length);
        const { body, files } = await parseBody(req, Buffer.concat(chunks));
        const call: RestCall = { method: req.method ?? 'GET', path, query: url.search, auth: req.headers.authorization, body, files, at: arrived };
        fake.calls.push(call);
        recorded = call;
        const rule = rules.find((r) => r.method === call.method && r.path.test(path) && r.times > 0 && (!r.when || r.when(call)));
        if (rule) {
          rule.times -= 1;
          return failWith(rule.answer, call, json);
        }
        const authed = () => [...fake.goodTokens].some((t) => req.headers.authorization === `Bot ${t}`);
        const m = (re: RegExp) => re.exec(path);
        let p: RegExpExecArray | null;

        if (req.method === 'GET' && path === '/gateway/bot') {
          if (!authed()) return json(401, { message: '401: Unauthorized', code: 0 });
          const ws = fake.origin.replace('http:', 'ws:');
          return json(200, { url: ws, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
        }
        if (req.method === 'GET' && path === '/applications/@me') {
          if (!authed()) return json(401, { message: '401: Unauthorized', code: 0 });
          return json(200, { id: fake.appId, name: 'paperbot', flags: 0 });
        }
        if (req.method === 'PUT' && (p = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
          if (!authed()) return json(401, { message: '401: Unauthorized', code: 0 });
          return json(200, (body as Array<Record<string, unknown>>).map((c) => ({ ...c, id: nextId(), application_id: p![1], version: '1' })));
        }
        if (req.method === 'POST' && m(/^\/interactions\/\d+\/[^/]+\/callback$/)) {
          res.writeHead(204);
          res.end();
          return;
        }
        if ((p = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/(%40original|@original|\d+)$/))) {
          const key = `${p[2]}:${p[3]}`;
          if (req.method === 'DELETE') {
            res.writeHead(204);
            return res.end();
          }
          const prior = webhookMessages.get(key);
          const msg = messageObject(fake, 'unknown', { ...(prior ?? {}), ...((body as Record<string, unknown>) ?? {}) }, prior?.id);
          webhookMessages.set(key, msg);
          return json(200, msg);
        }
        if (req.method === 'POST' && (p = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
          return json(200, messageObject(fake, 'unknown', (body as Record<string, unknown>) ?? {}));
        }
        if ((p = m(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
          if (req.method === 'GET' && p[2]) {
            const stored = fake.messages.get(p[2]);
            return stored ? json(200, stored) : json(404, { message: 'Unknown Message', code: 10008 });
          }
          return json(200, messageObject(fake, p[1]!, (body as Record<string, unknown>) ?? {}, p[2]));
        }
        return json(404, { message: '404: Not Found', code: 0 });
      })().catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });

  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: { token?: string; intents?: number } };
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        const intents = frame.d.intents ?? 0;
        fake.identifies.push({ token: frame.d.token ?? '', intents });
        if (intents & fake.disallowedIntents) {
          socket.close(4014, 'Disallowed intent(s).');
          return;
        }
        const ws = fake.origin.replace('http:', 'ws:');
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++seq,
            d: {
              v: 10,
              user: { id: fake.botId, username: 'paperbot', discriminator: '0', global_name: null, avatar: null, bot: true },
              guilds: [],
              session_id: `session-${readies}`,
              resume_gateway_url: ws,
              shard: [0, 1],
              application: { id: fake.appId, flags: 0 },
            },
          }),
        );
        readies++;
        const waiting = readyWaiters.filter((w) => readies > w.after);
        readyWaiters = readyWaiters.filter((w) => readies <= w.after);
        for (const w of waiting) w.resolve();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = `${fake.origin}/api`;
  return fake;
}

/** Polls `probe` until it returns something truthy, within `timeoutMs` (no fixed sleeps in the tests). */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
