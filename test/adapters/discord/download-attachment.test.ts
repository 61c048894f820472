/** Attachment downloads: Discord's CDN only (also after redirects), size from the payload, while reading, and in time. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredAttachmentOrigins, downloadAttachment, isAllowedAttachmentUrl } from '../../../src/adapters/discord/download-attachment.ts';
import { describeError } from '../../../src/core/error-messages.ts';

describe('downloadAttachment', () => {
  let origin = '';
  const hits: string[] = [];
  let release: (() => void) | null = null;
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ok.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 tiny');
    if (req.url === '/redirect') return res.writeHead(302, { location: 'http://example.org/elsewhere.pdf' }).end();
    if (req.url === '/declared-big') return res.writeHead(200, { 'content-length': String(10_000) }).end('x'.repeat(10_000));
    if (req.url === '/growing') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write('%PDF-' + 'x'.repeat(600));
      res.write('x'.repeat(600));
      return res.end();
    }
    if (req.url === '/slow') {
      res.writeHead(200);
      res.write('%PDF-');
      release = () => res.end();
      return;
    }
    res.writeHead(404).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    release?.();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  const opts = () => ({ maxBytes: 1000, timeoutMs: 5000, extraOrigins: [origin] });
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => describeError(e));

  it('allows only https on Discord\'s CDN hosts, plus exact extra origins', () => {
    expect(isAllowedAttachmentUrl('https://cdn.discordapp.com/attachments/1/2/p.pdf')).toBe(true);
    expect(isAllowedAttachmentUrl('https://media.discordapp.net/attachments/1/2/p.pdf')).toBe(true);
    for (const bad of ['http://cdn.discordapp.com/a.pdf', 'https://cdn.discordapp.com.evil.org/a.pdf', 'https://evil.org/a.pdf', 'https://u:p@cdn.discordapp.com/a.pdf', 'https://cdn.discordapp.com:8443/a.pdf', 'not a url']) {
      expect(isAllowedAttachmentUrl(bad)).toBe(false);
    }
    expect(isAllowedAttachmentUrl('http://127.0.0.1:9/a.pdf', ['http://127.0.0.1:9'])).toBe(true);
    expect(isAllowedAttachmentUrl('http://127.0.0.1:10/a.pdf', ['http://127.0.0.1:9'])).toBe(false);
  });

  it("accepts the exact origins of DISCORD_API_URL (default Discord's own) and DISCORD_CDN_URL, nothing wider", () => {
    expect(configuredAttachmentOrigins({ apiUrl: 'https://discord.com/api' })).toEqual(['https://discord.com']);
    const origins = configuredAttachmentOrigins({ apiUrl: 'http://127.0.0.1:8080/api', cdnUrl: 'https://files.proxy.example:8443/cdn/' });
    expect(origins).toEqual(['http://127.0.0.1:8080', 'https://files.proxy.example:8443']);
    expect(isAllowedAttachmentUrl('http://127.0.0.1:8080/attachments/1/2/p.pdf', origins)).toBe(true);
    expect(isAllowedAttachmentUrl('https://files.proxy.example:8443/a/p.pdf', origins)).toBe(true);
    for (const other of ['http://127.0.0.1:8081/p.pdf', 'https://127.0.0.1:8080/p.pdf', 'https://files.proxy.example/p.pdf', 'https://sub.files.proxy.example:8443/p.pdf', 'http://user:pw@127.0.0.1:8080/p.pdf']) {
      expect(isAllowedAttachmentUrl(other, origins), other).toBe(false);
    }
  });

  it('downloads from an allowed origin', async () => {
    const bytes = await downloadAttachment({ url: `${origin}/ok.pdf`, name: 'ok.pdf', size: 13 }, opts());
    expect(Buffer.from(bytes).toString()).toBe('%PDF-1.4 tiny');
  });

  it('refuses an announced size over the limit without a request', async () => {
    const before = hits.length;
    expect((await failure(downloadAttachment({ url: `${origin}/ok.pdf`, name: 'ok.pdf', size: 5000 }, opts())))?.code).toBe('too_large');
    expect(hits.length).toBe(before);
  });

  it('refuses a redirect away from the CDN, a declared length and a body over the limit', async () => {
    expect((await failure(downloadAttachment({ url: `${origin}/redirect`, name: 'r.pdf' }, opts())))?.message).toContain("does not point to Discord's CDN");
    expect((await failure(downloadAttachment({ url: `${origin}/declared-big`, name: 'b.pdf' }, opts())))?.code).toBe('too_large');
    expect((await failure(downloadAttachment({ url: `${origin}/growing`, name: 'g.pdf', size: 10 }, opts())))?.code).toBe('too_large');
    expect((await failure(downloadAttachment({ url: `${origin}/gone.pdf`, name: 'x.pdf' }, opts())))?.message).toContain('expired');
  });

  it('gives up after the time limit', async () => {
    const err = await failure(downloadAttachment({ url: `${origin}/slow`, name: 's.pdf' }, { ...opts(), timeoutMs: 200 }));
    expect(err?.code).toBe('timeout');
  });
});
