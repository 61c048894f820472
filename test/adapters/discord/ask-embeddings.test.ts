/**
 * `/ask` with EMBEDDINGS_MODEL on Discord (real discord.js Client, fake Discord, real openai client against the fake
 * endpoint): a question asked in other words than the paper's — here its words written backwards, which the fake's
 * vectors treat as the same meaning — is answered with passages on the pages that hold them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChunkVectors } from '../../../src/core/qa/chunk-vectors.ts';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import type { PaperStructure } from '../../../src/core/types.ts';
import { createKeyvCache } from '../../../src/services/keyv-cache.ts';
import { createOpenAiEmbedder } from '../../../src/services/openai-embedder.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { VERSION } from '../../../src/version.ts';
import { bodyOf, finalEdit, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';
import { attachment, chatCommand, slashCommand } from '../../helpers/discord-interactions.ts';
import { waitFor } from '../../helpers/fake-discord.ts';
import { hashedBagOfWords, startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';

const PDF = new Uint8Array(readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url)));
const squash = (s: string) => s.replace(/\s+/g, '');
const mirror = (w: string) => [...w].reverse().join('');
type Embed = { description?: string; fields?: Array<{ name: string; value: string }> };

let h: DiscordHarness;
let fake: FakeOpenAi;
let structure: PaperStructure;
beforeAll(async () => {
  const ex = createPdfExtractor({ poolSize: 1 });
  structure = analyzePaper(await ex.extract(PDF, { maxPages: 50 }));
  await ex.close?.();
  fake = await startFakeOpenAi();
  fake.embed = (text) => hashedBagOfWords(text, (w) => (mirror(w) < w ? mirror(w) : w));
  const embedder = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'embed-test', timeoutMs: 5000, maxRetries: 0 });
  const vectors = createChunkVectors({ embedder, cache: createKeyvCache({ url: 'memory:' }), minSimilarity: 0.3 });
  h = await startDiscordHarness({ bot: { qa: { model: null, prompts: loadQaPrompts(), vectors }, codeVersion: VERSION } });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

async function run(interaction: { token: string }) {
  h.fake.dispatch('INTERACTION_CREATE', interaction);
  await waitFor(`the answer to ${interaction.token}`, () => finalEdit(h.fake, interaction.token));
  await h.bot.idle();
  return finalEdit(h.fake, interaction.token)!;
}

describe('/ask with embeddings', () => {
  it('answers a question in other words with passages on the pages that hold them', async () => {
    const url = h.fake.serveCdn('attachments/5/5/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    await run(slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) }));
    const method = structure.sections.find((s) => /method/i.test(s.heading))!;
    const words = method.text.split(/\s+/).filter((w) => /^[A-Za-z]{5,}$/.test(w)).slice(0, 10);
    const edit = await run(chatCommand(h.fake.appId, 'ask', { question: `${words.map((w) => mirror(w.toLowerCase())).join(' ')}?` }));
    const embed = (bodyOf(edit).embeds as Embed[])[0]!;
    expect(embed.description ?? '').not.toMatch(/does not seem to answer/);
    expect(embed.fields!.length).toBeGreaterThan(0);
    for (const f of embed.fields!) {
      const page = structure.pages.find((p) => `p. ${p.num}` === f.name)!;
      expect(squash(page.text)).toContain(squash(f.value.replace(/…$/, '')).slice(0, 50));
    }
    expect(fake.embeddingRequests.length).toBeGreaterThanOrEqual(2);
  });
});
