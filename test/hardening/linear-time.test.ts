/**
 * Untrusted text outside the structure stage must cost time linear in its length: the HTML landing page the guarded
 * fetcher scans for citation_pdf_url, log lines through the secret redactor, model output through the loop detector
 * and the reply parser, answers through the citation check, and chat text through Slack escaping and mention parsing.
 * Each case times an entry point on adversarial inputs of doubling size (test/helpers/adversarial-text.ts): a
 * quadratic pattern grows ~8× more than linear from the smallest to the largest size, a linear path ~1×.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/adapters/common/redact-secrets.ts';
import { escapeSlackMarkdown } from '../../src/adapters/slack/escape.ts';
import { parseMention } from '../../src/adapters/slack/mention-input.ts';
import { checkCitations } from '../../src/core/qa/citations.ts';
import { parseSummaryReply } from '../../src/core/reply/parse-summary.ts';
import { runawayTailStart } from '../../src/core/reply/repetition.ts';
import { findCitationPdfUrl } from '../../src/services/citation-pdf-url.ts';
import {
  bracketRunsMarkdown,
  citationRunsAnswer,
  letterlessLoopReply,
  punctuationRunsMention,
  schemeRunLogLine,
  unterminatedMetaPage,
  whitespaceRunsReply,
} from '../helpers/adversarial-text.ts';
import { describeGrowth, growthOverLinear, measureGrowth, type GrowthPoint } from '../helpers/growth.ts';

/** Far above the largest size's time on a busy machine (≤ ~50 ms here), far below what a quadratic pattern takes there. */
const BOUND_MS = 2000;

/**
 * Best of 5 per size, after one warm-up run on a small input. The sizes are timed in rounds (each size once per
 * round), so a stretch of load from other processes slows every size alike instead of one. A run over the bound
 * ends the series: the code under test runs synchronously and cannot be stopped, so a quadratic pattern would
 * otherwise run on through every size and round (hours on the largest inputs here).
 */
function growth(make: (size: number) => string, run: (input: string) => unknown, sizes: number[]): GrowthPoint[] {
  run(make(Math.floor(sizes[0]! / 8)));
  const inputs = sizes.map(make);
  const best = sizes.map(() => Infinity);
  for (let round = 0; round < 5; round++) {
    for (const [i, size] of sizes.entries()) {
      const [point] = measureGrowth(() => inputs[i]!, run, [size], 1);
      best[i] = Math.min(best[i]!, point!.ms);
      if (point!.ms > BOUND_MS) return sizes.slice(0, i + 1).map((s, j) => ({ size: s, ms: best[j]! }));
    }
  }
  return sizes.map((size, i) => ({ size, ms: best[i]! }));
}

function expectLinear(points: GrowthPoint[], sizes: number[]): void {
  const shown = describeGrowth(points);
  expect(Math.max(...points.map((p) => p.ms)), shown).toBeLessThan(BOUND_MS);
  expect(points.map((p) => p.size), shown).toEqual(sizes);
  // Sizes span 16×: a linear path grows ~16×, a quadratic one ~256× (growth over linear ~16). Under 6 leaves room for
  // a garbage collection landing on one size of a busy CI machine, and none for a quadratic pattern.
  expect(growthOverLinear(points), shown).toBeLessThan(6);
}

describe('untrusted text outside the structure stage runs in linear time', () => {
  it('the citation_pdf_url scan of an HTML page with a long attribute and a long run of unterminated <meta', () => {
    expect(findCitationPdfUrl(unterminatedMetaPage(1000))).toBeNull();
    expect(findCitationPdfUrl(`<meta name="citation_pdf_url" content="/p.pdf">${unterminatedMetaPage(1000)}`)).toBe('/p.pdf');
    const sizes = [256_000, 512_000, 1_024_000, 2_048_000, 4_096_000];
    expectLinear(growth(unterminatedMetaPage, findCitationPdfUrl, sizes), sizes);
  });

  it('the user:password@ redaction of a log line of "a." runs', () => {
    const redact = createRedactor([]);
    expect(redact(schemeRunLogLine(1000))).toBe(schemeRunLogLine(1000));
    expect(redact(`${schemeRunLogLine(1000)} redis://u:hunter22@h`)).toBe(`${schemeRunLogLine(1000)} redis://u:[REDACTED]@h`);
    const sizes = [512_000, 1_024_000, 2_048_000, 4_096_000, 8_192_000];
    expectLinear(growth(schemeRunLogLine, redact, sizes), sizes);
  });

  it('the loop detector on a reply ending in a long letterless rule line', () => {
    expect(runawayTailStart(letterlessLoopReply(1000))).toBe(-1);
    const sizes = [512_000, 1_024_000, 2_048_000, 4_096_000, 8_192_000];
    expectLinear(growth(letterlessLoopReply, runawayTailStart, sizes), sizes);
  });

  it('the reply parser on a six-item reply full of long runs (up to its 100 000-character cap)', () => {
    expect(parseSummaryReply(whitespaceRunsReply(1000)).parsed.title).toMatch(/^A Study/);
    const sizes = [12_000, 24_000, 48_000, 96_000];
    expectLinear(growth(whitespaceRunsReply, parseSummaryReply, sizes), sizes);
  });

  it('the citation check of an answer with unclosed citations and long runs of spaces', () => {
    expect(checkCitations(citationRunsAnswer(1000), new Set([1])).pages).toEqual([]);
    const sizes = [256_000, 512_000, 1_024_000, 2_048_000, 4_096_000];
    expectLinear(growth(citationRunsAnswer, (text) => checkCitations(text, new Set([1])), sizes), sizes);
  });

  it('Slack Markdown escaping of long bracket runs', () => {
    expect(escapeSlackMarkdown(bracketRunsMarkdown(1000))).not.toContain('](');
    const sizes = [256_000, 512_000, 1_024_000, 2_048_000, 4_096_000];
    expectLinear(growth(bracketRunsMarkdown, escapeSlackMarkdown, sizes), sizes);
  });

  it('mention parsing of words ending in long punctuation runs', () => {
    expect(parseMention(punctuationRunsMention(1000))).toEqual({ input: null, language: null });
    const sizes = [128_000, 256_000, 512_000, 1_024_000, 2_048_000];
    expectLinear(growth(punctuationRunsMention, parseMention, sizes), sizes);
  });
});
