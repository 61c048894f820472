/**
 * Issue 16 on Discord: the real discord.js bot against the fake Discord, the real pipeline against a fake model that
 * writes at a realistic pace (4 characters every 20 ms, ~50 tokens/s). Figures: time from the model's first token to
 * the first words of the summary in the Discord reply (target ≤ 1 s); edits per message per minute and the most in
 * any 5 s (Discord allows 5); a cached paper from the interaction to the embeds.
 *
 *   npx tsx bench/stream-discord.ts        (bench/stream.ts imports measureDiscord for `npm run bench:stream`)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor, type RestCall } from '../test/helpers/fake-discord.ts';
import { acceptedEdits, bodyOf, mostInWindow, startDiscordHarness } from '../test/helpers/discord-harness.ts';
import { attachment, slashCommand } from '../test/helpers/discord-interactions.ts';
import { startFakeOpenAi, type RecordedRequest } from '../test/helpers/fake-openai.ts';
import { goodReply } from '../test/helpers/model-replies.ts';

const PDF = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '..', 'examples', 'sample-paper.pdf')));
const CHUNK = 4;
const PACE_MS = 20;
const RUNS = 3;

const hasEmbeds = (c: RestCall) => ((bodyOf(c).embeds as unknown[] | undefined) ?? []).length > 0;
const isDraft = (c: RestCall) => !hasEmbeds(c) && String(bodyOf(c).content ?? '').startsWith('1. Title:');
/** A draft that shows some of the title itself, not only its label and the cursor. */
const hasWords = (c: RestCall) => isDraft(c) && /^1\. Title: (?!…)\S/.test(String(bodyOf(c).content));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A summary of realistic length (~2,000 characters): each point of the well-behaved reply, said at more length. */
function longReply(req: RecordedRequest): string {
  const more = ' The authors compare it with the usual approaches on the same documents and explain each choice they made along the way.';
  return goodReply(req).replace(/^( {2}\(\d\): .*)$/gm, (line) => line + more.repeat(3));
}

export async function measureDiscord(): Promise<string[]> {
  const model = await startFakeOpenAi((req) => ({ reply: longReply(req) }));
  let firstTokenAt = 0;
  // The pace is kept here, so that the first chunk leaves right when its time is taken.
  model.streaming = {
    chunkChars: CHUNK,
    paceMs: 0,
    usage: true,
    beforeChunk: async (i) => {
      if (i === 0) firstTokenAt = Date.now();
      else await new Promise((r) => setTimeout(r, PACE_MS));
    },
  };
  const firstDraft: number[] = [];
  const firstWords: number[] = [];
  const perMinute: number[] = [];
  const inFive: number[] = [];
  const cached: number[] = [];
  let chars = 0;
  let streamMs = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const h = await startDiscordHarness({ openAi: model });
      try {
        const url = h.fake.serveCdn(`attachments/16/${run}/sample-paper.pdf`, { body: PDF, contentType: 'application/pdf' });
        const ia = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
        h.fake.dispatch('INTERACTION_CREATE', ia);
        await waitFor('the summary', () => acceptedEdits(h.fake, ia.token).some(hasEmbeds), 120_000);
        await h.bot.idle();
        const edits = acceptedEdits(h.fake, ia.token);
        const first = edits.find(isDraft)!;
        const final = edits.find(hasEmbeds)!;
        firstDraft.push(first.at - firstTokenAt);
        firstWords.push(edits.find(hasWords)!.at - firstTokenAt);
        const writing = edits.filter((c) => c.at >= first.at);
        perMinute.push((writing.length / Math.max(1, final.at - first.at)) * 60_000);
        inFive.push(mostInWindow(h.fake.callsFor(ia.token).filter((c) => c.method === 'PATCH'), 5000));
        chars = longReply(model.requests.at(-1)!).length;
        streamMs = final.at - firstTokenAt;

        // The same paper again: from the cache, no model.
        const again = slashCommand(h.fake.appId, { pdf: attachment(url, 'sample-paper.pdf', PDF.length) });
        const sent = Date.now();
        h.fake.dispatch('INTERACTION_CREATE', again);
        await waitFor('the cached summary', () => acceptedEdits(h.fake, again.token).some(hasEmbeds), 30_000);
        cached.push(acceptedEdits(h.fake, again.token).find(hasEmbeds)!.at - sent);
      } finally {
        await h.close();
      }
    }
  } finally {
    await model.close();
  }
  const ms = (xs: number[]) => `median ${Math.round(median(xs))} ms, max ${Math.round(Math.max(...xs))} ms`;
  return [
    `Discord: ${RUNS} summaries of ${chars} characters written at ${CHUNK} characters / ${PACE_MS} ms (~${(streamMs / 1000).toFixed(1)} s each)`,
    `Discord: model's first token → first draft in the reply: ${ms(firstDraft)}; → first words of the title: ${ms(firstWords)} (target ≤ 1 s)`,
    `Discord: edits per message while writing: ${Math.round(median(perMinute))} per minute; most in any 5 s: ${Math.max(...inFive)} (Discord allows 5)`,
    `Discord: cached paper, interaction → embeds: ${ms(cached)}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const line of await measureDiscord()) console.log(line);
  process.exit(0);
}
