/**
 * Every real paper in ../shared/papers through the whole pipeline (extractive engine, and the model path against a
 * local chat-completions server), OCR off: the scanned one fails with no_text, every other one gives a Summary (OCR of
 * the scanned one: ocr-papers.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperError } from '../../src/core/errors.ts';
import type { SummaryResult } from '../../src/core/types.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { affiliationMatches, githubKey, namesMatch, setScore, titleMatches } from '../helpers/match.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { realPipeline, type TestPipeline } from '../helpers/real-summarizer.ts';
import { loadExpected, readPaper, sharedAvailable, type ExpectedPaper } from '../helpers/shared.ts';

describe.skipIf(!sharedAvailable)('real papers through the pipeline', () => {
  let fake: FakeOpenAi;
  let extractive: TestPipeline;
  let llm: TestPipeline;
  const expected: ExpectedPaper[] = sharedAvailable ? loadExpected() : [];
  const results = new Map<string, SummaryResult>();

  beforeAll(async () => {
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }) }));
    extractive = realPipeline();
    llm = realPipeline({ baseURL: fake.baseURL });
  });
  afterAll(async () => {
    await extractive.close();
    await llm.close();
    await fake.close();
  });

  it('summarizes every paper with a text layer and, with OCR off, refuses the scanned one with no_text (extractive)', async () => {
    for (const paper of expected) {
      const req = { bytes: readPaper(paper.file), fileName: paper.file, language: 'en' as const, engine: 'extractive' as const };
      if (!paper.has_text_layer) {
        const err = (await extractive.summarizer.summarize(req).catch((e: unknown) => e)) as PaperError;
        expect(err.code, paper.file).toBe('no_text');
        continue;
      }
      const r = await extractive.summarizer.summarize(req);
      results.set(paper.file, r);
      expect(r.source.pages, paper.file).toBe(paper.pages);
      for (const point of Object.values(r.summary)) expect(point.length, `${paper.file} summary point`).toBeGreaterThan(0);
    }
    const scored = expected.filter((p) => p.has_text_layer);
    const rows = {
      title: scored.filter((p) => titleMatches(results.get(p.file)!.titleOriginal, p.title)).length,
      authors: scored.filter((p) => setScore(results.get(p.file)!.authors, p.authors, namesMatch).f1 >= 0.8).length,
      affiliation: scored.filter((p) => affiliationMatches(results.get(p.file)!.affiliation, p.first_author_affiliation)).length,
      github: scored.filter((p) => {
        const code = results.get(p.file)!.links.code;
        return code ? p.github_urls.map(githubKey).includes(githubKey(code)) : p.github_urls.length === 0;
      }).length,
    };
    console.log(
      `\nper-field hit rate over ${scored.length} papers (extractive summary):\n` +
        Object.entries(rows)
          .map(([k, v]) => `  ${k.padEnd(12)} ${v}/${scored.length}`)
          .join('\n'),
    );
    // Floors below what the pipeline reaches, so a regression shows without making the test brittle.
    expect(rows.title).toBeGreaterThanOrEqual(scored.length - 1);
    expect(rows.authors).toBeGreaterThanOrEqual(scored.length - 2);
    expect(rows.affiliation).toBeGreaterThanOrEqual(scored.length - 2);
    expect(rows.github).toBeGreaterThanOrEqual(scored.length - 1);
  });

  it('keeps every request within the token budget and never passes on a code link the paper lacks (model path)', async () => {
    for (const paper of expected.filter((p) => p.has_text_layer)) {
      fake.requests.length = 0;
      // The model "claims" a made-up repository: verification must drop it.
      fake.fallback = (req) => ({ reply: goodReply(req, { language: 'en', codeLink: 'https://github.com/made-up/repository' }) });
      const r = await llm.summarizer.summarize({ bytes: readPaper(paper.file), fileName: paper.file, language: 'en', engine: 'llm' });
      expect(fake.requests, paper.file).toHaveLength(1);
      expect(r.links.code, paper.file).toBeNull();
      expect(r.authors.length, paper.file).toBeGreaterThan(0);
      const userMessage = fake.requests[0]!.body.messages[1]!.content;
      expect(userMessage, paper.file).toContain('<paper>');
    }
  });
});
