/**
 * npm run bench:linear [-- --repeats 5]: every adversarial input of test/helpers/adversarial-text.ts through the entry
 * point that reads it (the structure stage for page text; the citation_pdf_url scan, the log redactor, the loop
 * detector, the reply parser, the citation check, Slack escaping and mention parsing for the rest), at doubling
 * sizes, printing the best time of each size and the growth over linear from the smallest to the largest (~1 for
 * a linear path, ~8 for a quadratic one over these 8× ranges). A benchmark: it prints figures and asserts nothing.
 */
import { parseArgs } from 'node:util';
import { createRedactor } from '../src/adapters/common/redact-secrets.ts';
import { escapeSlackMarkdown } from '../src/adapters/slack/escape.ts';
import { parseMention } from '../src/adapters/slack/mention-input.ts';
import { checkCitations } from '../src/core/qa/citations.ts';
import { parseSummaryReply } from '../src/core/reply/parse-summary.ts';
import { runawayTailStart } from '../src/core/reply/repetition.ts';
import { fromText } from '../src/core/structure/front-lines.ts';
import { readFrontMatter } from '../src/core/structure/front-matter.ts';
import { analyzePaper } from '../src/core/structure/index.ts';
import { findCitationPdfUrl } from '../src/services/citation-pdf-url.ts';
import * as adversarial from '../test/helpers/adversarial-text.ts';
import { growthOverLinear, measureGrowth } from '../test/helpers/growth.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);

interface Case {
  maker: keyof typeof adversarial;
  entry: string;
  run: (input: string) => unknown;
  sizes: number[];
}

const frontMatterOf = (page: string) => {
  const lines = page.split('\n').map(fromText);
  return readFrontMatter(lines, lines, page, page);
};
const structureSizes = [16_000, 32_000, 64_000, 128_000];
const redact = createRedactor([]);

const CASES: Case[] = [
  { maker: 'longLineFirstPage', entry: 'readFrontMatter', run: frontMatterOf, sizes: structureSizes },
  {
    maker: 'longLineFirstPage',
    entry: 'analyzePaper (with layout)',
    run: (page) => analyzePaper(adversarial.adversarialPdf(page, { layout: true })),
    sizes: structureSizes,
  },
  { maker: 'whitespaceRunsPage', entry: 'analyzePaper', run: (page) => analyzePaper(adversarial.adversarialPdf(page)), sizes: structureSizes },
  { maker: 'closingPunctuationPage', entry: 'analyzePaper', run: (page) => analyzePaper(adversarial.adversarialPdf(page)), sizes: structureSizes },
  { maker: 'leaderAndHyphenPage', entry: 'analyzePaper', run: (page) => analyzePaper(adversarial.adversarialPdf(page)), sizes: structureSizes },
  { maker: 'unterminatedMetaPage', entry: 'findCitationPdfUrl', run: findCitationPdfUrl, sizes: [256_000, 512_000, 1_024_000, 2_048_000] },
  { maker: 'schemeRunLogLine', entry: 'createRedactor()', run: redact, sizes: [512_000, 1_024_000, 2_048_000, 4_096_000] },
  { maker: 'letterlessLoopReply', entry: 'runawayTailStart', run: runawayTailStart, sizes: [512_000, 1_024_000, 2_048_000, 4_096_000] },
  { maker: 'whitespaceRunsReply', entry: 'parseSummaryReply', run: parseSummaryReply, sizes: [12_000, 24_000, 48_000, 96_000] },
  {
    maker: 'citationRunsAnswer',
    entry: 'checkCitations',
    run: (text) => checkCitations(text, new Set([1])),
    sizes: [256_000, 512_000, 1_024_000, 2_048_000],
  },
  { maker: 'bracketRunsMarkdown', entry: 'escapeSlackMarkdown', run: escapeSlackMarkdown, sizes: [256_000, 512_000, 1_024_000, 2_048_000] },
  { maker: 'punctuationRunsMention', entry: 'parseMention', run: parseMention, sizes: [128_000, 256_000, 512_000, 1_024_000] },
];

const kchars = (n: number) => `${Math.round(n / 1000)}k`;
const rows: string[][] = [['input (maker)', 'entry point', 'time at each size (best of ' + repeats + ')', 'growth / linear']];
for (const c of CASES) {
  const make = adversarial[c.maker] as (size: number) => string;
  c.run(make(Math.floor(c.sizes[0]! / 8))); // warm-up
  // In rounds (each size once per round), so a stretch of load from other processes slows every size alike.
  const inputs = c.sizes.map(make);
  const best = c.sizes.map(() => Infinity);
  for (let round = 0; round < repeats; round++) {
    for (const [i, size] of c.sizes.entries()) best[i] = Math.min(best[i]!, measureGrowth(() => inputs[i]!, c.run, [size], 1)[0]!.ms);
  }
  const points = c.sizes.map((size, i) => ({ size, ms: best[i]! }));
  const times = points.map((p) => `${kchars(p.size)}: ${p.ms.toFixed(1)} ms`).join(', ');
  rows.push([c.maker, c.entry, times, growthOverLinear(points).toFixed(2)]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, j) => cell.padEnd(widths[j]!)).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}

// A maker added to adversarial-text.ts without a case here would go unmeasured: say so.
const covered = new Set(CASES.map((c) => c.maker));
const missing = Object.keys(adversarial).filter((k) => k !== 'adversarialPdf' && !covered.has(k as keyof typeof adversarial));
if (missing.length > 0) console.log(`\nnot measured (no entry point in bench/linear-time.ts yet): ${missing.join(', ')}`);
