/**
 * `/ask` answers stream on Discord (issue 16, item 5): with the real discord.js Client against the fake Discord and
 * the real openai model client against the fake model writing slowly, the deferred reply shows the answer as it is
 * written (neutralized, no pings), within 5 edits in any 5 s, then the answer embed once and last.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiModel } from '../../../src/services/openai-model.ts';
import { createPdfExtractor } from '../../../src/services/pdf-extractor.ts';
import { loadQaPrompts } from '../../../src/services/qa-prompt-files.ts';
import { analyzePaper } from '../../../src/core/structure/index.ts';
import type { PaperStructure } from '../../../src/core/types.ts';
import { VERSION } from '../../../src/version.ts';
import { acceptedEdits, bodyOf, finalEdit, mostInWindow, startDiscordHarness, type DiscordHarness } from '../../helpers/discord-harness.ts';
import { attachment, chatCommand, slashCommand } from '../../helpers/discord-interactions.ts';
import { waitFor, type RestCall } from '../../helpers/fake-discord.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';

const PDF = new Uint8Array(readFileSync(new URL('../../../examples/sample-paper.pdf', import.meta.url)));
const content = (c: RestCall) => String(bodyOf(c).content ?? '');
const hasEmbeds = (c: RestCall) => ((bodyOf(c).embeds as unknown[] | undefined) ?? []).length > 0;

let h: DiscordHarness;
let model: FakeOpenAi;
let structure: PaperStructure;
beforeAll(async () => {
  const ex = createPdfExtractor({ poolSize: 1 });
  structure = analyzePaper(await ex.extract(PDF, { maxPages: 50 }));
  await ex.close?.();
  model = await startFakeOpenAi();
  const qaModel = createOpenAiModel({ apiKey: 'sk-test', baseURL: model.baseURL, model: 'qa-model', timeoutMs: 10_000, maxRetries: 0 });
  h = await startDiscordHarness({ bot: { qa: { model: qaModel, prompts: loadQaPrompts() }, codeVersion: VERSION } });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
});

describe('/ask on Discord streams its answer', () => {
  it('shows the answer as it is written, then the embed once', async () => {
    const url = h.fake.serveCdn('attachments/16/18/sample-paper.pdf', { body: PDF, contentType: 'application/pdf' });
    const sum = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
    h.fake.dispatch('INTERACTION_CREATE', sum);
    await waitFor('the summary', () => finalEdit(h.fake, sum.token));
    await h.bot.idle();

    const method = structure.sections.find((s) => /method/i.test(s.heading))!;
    const page = structure.pages.find((p) => p.text.includes(method.text.slice(0, 40)))?.num ?? 1;
    const answer = `The method splits the paper by sections and gives each a budget of tokens, so the model reads the method and the experiments, not only the opening pages @everyone. It then writes the summary from those parts [p. ${page}].`;
    // About 3 s of writing.
    model.script({ reply: answer, stream: { chunkChars: 4, paceMs: 50 } });
    const question = `what about ${method.text.split(/\s+/).filter((w) => w.length > 6).slice(0, 4).join(' ')}?`;
    const ia = chatCommand(h.fake.appId, 'ask', { question });
    h.fake.dispatch('INTERACTION_CREATE', ia);
    await waitFor('the answer', () => finalEdit(h.fake, ia.token), 30_000);
    await h.bot.idle();

    expect(model.requests.at(-1)!.body.stream).toBe(true);
    const edits = acceptedEdits(h.fake, ia.token);
    const drafts = edits.filter((c) => !hasEmbeds(c));
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    // Each draft is a piece of the answer, growing, neutralized and sent without pings.
    for (const d of drafts) {
      const text = content(d).replace(/ …$/, '').replace('@\u200Beveryone', '@everyone');
      expect(answer.startsWith(text)).toBe(true);
      expect(content(d)).not.toMatch(/@everyone/);
      expect(bodyOf(d).allowed_mentions).toEqual({ parse: [] });
    }
    expect(content(drafts[0]!).length).toBeLessThan(content(drafts.at(-1)!).length);
    expect(edits.filter(hasEmbeds)).toHaveLength(1);
    expect(hasEmbeds(edits.at(-1)!)).toBe(true);
    expect(content(edits.at(-1)!)).toBe('');
    const embed = (bodyOf(edits.at(-1)!).embeds as Array<{ description?: string }>)[0]!;
    expect(embed.description).toContain('splits the paper by sections');
    expect(mostInWindow(h.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH'), 5000)).toBeLessThanOrEqual(5);
  });
});
