/** Button custom_ids (≤ 100 characters) and the source references they carry, inline or stored in the cache. Pure. */
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS as L } from '../../../src/adapters/discord/limits.ts';
import { customId, parseCustomId } from '../../../src/adapters/discord/custom-id.ts';
import { summaryButtons } from '../../../src/adapters/discord/summary-buttons.ts';
import { decodeInlineRef, inlineRefToken, refToken, resolveRefToken, type SourceRef } from '../../../src/adapters/discord/source-ref.ts';
import type { SummaryCache } from '../../../src/core/ports.ts';

const SHA = 'a'.repeat(64);

describe('custom_ids and source references', () => {
  const memoryCache = (): SummaryCache & { data: Map<string, unknown> } => {
    const data = new Map<string, unknown>();
    return { data, get: async <T>(k: string) => data.get(k) as T | undefined, set: async (k, v) => void data.set(k, v) };
  };

  it('round-trips every button action within 100 characters', () => {
    const cases = [
      { action: 'regenerate', language: 'en', refToken: 'l:2401.00001' },
      { action: 'language', language: 'zh', refToken: 'm:1.2.3' },
      { action: 'vote', vote: 'up', language: 'zh', sha256: SHA },
      { action: 'vote', vote: 'down', language: 'en', sha256: SHA },
    ] as const;
    for (const c of cases) {
      const id = customId(c)!;
      expect(id.length).toBeLessThanOrEqual(L.customId);
      expect(parseCustomId(id)).toEqual(c);
    }
    expect(customId({ action: 'regenerate', language: 'en', refToken: 'x'.repeat(100) })).toBeNull();
    expect(parseCustomId('pb:up:en:not-a-sha')).toBeNull();
    expect(parseCustomId('other:thing')).toBeNull();
  });

  it('inlines short references and stores long ones in the cache, so that they survive a restart', async () => {
    const message: SourceRef = { kind: 'message', channelId: '12345678901234567890', messageId: '12345678901234567891', attachmentId: '12345678901234567892' };
    expect(decodeInlineRef(inlineRefToken(message)!)).toEqual(message);
    expect(decodeInlineRef(inlineRefToken({ kind: 'link', input: 'https://arxiv.org/abs/2401.00001' })!)).toEqual({ kind: 'link', input: 'https://arxiv.org/abs/2401.00001' });

    const cache = memoryCache();
    const upload: SourceRef = { kind: 'upload', url: `https://cdn.discordapp.com/ephemeral-attachments/1/2/paper.pdf?ex=1&is=2&hm=${'f'.repeat(64)}`, name: 'paper.pdf', size: 1000 };
    const longLink: SourceRef = { kind: 'link', input: `https://example.org/${'a'.repeat(200)}.pdf` };
    for (const ref of [upload, longLink]) {
      const token = (await refToken(ref, cache))!;
      expect(token).toMatch(/^s:[0-9a-f]{32}$/);
      expect(customId({ action: 'regenerate', language: 'zh', refToken: token })!.length).toBeLessThanOrEqual(L.customId);
      expect(await resolveRefToken(token, cache)).toEqual(ref);
    }
    expect(await refToken(upload, undefined)).toBeNull();
    expect(await resolveRefToken(`s:${'0'.repeat(32)}`, cache)).toBeNull();
    expect(await resolveRefToken('m:1.2', cache)).toBeNull();
  });

  it('builds at most 5 buttons per row, and none without a reference or feedback', () => {
    const rows = summaryButtons({ language: 'zh', refToken: 'l:2401.00001', sha256: SHA, feedback: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.components.length).toBeLessThanOrEqual(L.buttonsPerRow);
    expect(rows[0]!.components.map((b) => ('label' in b && b.label) || ('emoji' in b && b.emoji?.name))).toEqual(['重新生成', 'English', '👍', '👎']);
    expect(summaryButtons({ language: 'en' })).toEqual([]);
  });
});

