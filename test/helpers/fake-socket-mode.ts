/**
 * A minimal Socket Mode server (127.0.0.1): a hand-written WebSocket endpoint (RFC 6455 handshake, text frames,
 * ping → pong, close) that greets with `hello`, delivers envelopes, and records the acks the app sends back.
 * Enough for the real @slack/socket-mode client; no extra package needed.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface FakeSocketMode {
  url: string;
  /** Envelope ids the app acknowledged. */
  acks: string[];
  /** Resolves once a client is connected and greeted. */
  connected: Promise<void>;
  /** Sends an Events API payload as an envelope; returns the envelope id. */
  sendEvent(payload: unknown, retryAttempt?: number): string;
  close(): Promise<void>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const acks: string[] = [];
  const sockets = new Set<Duplex>();
  let current: Duplex | null = null;
  let envelopes = 0;
  let greet!: () => void;
  const connected = new Promise<void>((r) => (greet = r));

  const server = http.createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  server.on('upgrade', (req, socket: Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    current = socket;
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = buf[0]! & 0x0f;
        let len = buf[1]! & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          offset = 10;
        }
        const masked = (buf[1]! & 0x80) !== 0;
        const total = offset + (masked ? 4 : 0) + len;
        if (buf.length < total) return;
        const mask = masked ? buf.subarray(offset, offset + 4) : null;
        const payload = Buffer.from(buf.subarray(offset + (masked ? 4 : 0), total));
        if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
        buf = buf.subarray(total);
        if (opcode === 0x1) {
          try {
            const msg = JSON.parse(payload.toString('utf8')) as { envelope_id?: string };
            if (msg.envelope_id) acks.push(msg.envelope_id);
          } catch {
            // not JSON: ignore
          }
        } else if (opcode === 0x9) {
          socket.write(frame(0xa, payload));
        } else if (opcode === 0x8) {
          socket.end(frame(0x8, Buffer.alloc(0)));
        }
      }
    });
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A000FAKE' } }))));
    greet();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/link`,
    acks,
    connected,
    sendEvent(payload, retryAttempt = 0) {
      if (!current) throw new Error('no Socket Mode client is connected');
      envelopes += 1;
      const id = `env-${envelopes}`;
      const envelope = { envelope_id: id, type: 'events_api', payload, accepts_response_payload: false, retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '' };
      current.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      return id;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
