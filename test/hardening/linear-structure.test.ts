/**
 * The structure stage reads untrusted page text: one long line of repetitions must cost time linear in its length.
 * Each case times an entry point on adversarial pages of doubling size (test/helpers/adversarial-text.ts): a
 * quadratic pattern grows ~8× more than linear from the smallest to the largest size, a linear path ~1×.
 */
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../../src/core/structure/front-matter.ts';
import { fromText } from '../../src/core/structure/front-lines.ts';
import { analyzePaper } from '../../src/core/structure/index.ts';
import {
  adversarialPdf,
  closingPunctuationPage,
  leaderAndHyphenPage,
  longLineFirstPage,
  whitespaceRunsPage,
} from '../helpers/adversarial-text.ts';
import { describeGrowth, growthOverLinear, measureGrowth, type GrowthPoint } from '../helpers/growth.ts';

/** Far above the largest size's time on a busy machine (~150 ms), far below what a quadratic pattern takes there. */
const BOUND_MS = 2000;

/**
 * Times the sizes in turn, best of 5 after one warm-up run. A size over the bound ends the series: the code under
 * test runs synchronously, so a slow pattern would otherwise run to the end (minutes) before failing.
 */
function growth(make: (size: number) => string, run: (input: string) => unknown, sizes: number[]): GrowthPoint[] {
  run(make(sizes[0]!));
  const points: GrowthPoint[] = [];
  for (const size of sizes) {
    const [point] = measureGrowth(make, run, [size], 5);
    points.push(point!);
    if (point!.ms > BOUND_MS) break;
  }
  return points;
}

function expectLinear(points: GrowthPoint[], sizes: number[]): void {
  const shown = describeGrowth(points);
  expect(Math.max(...points.map((p) => p.ms)), shown).toBeLessThan(BOUND_MS);
  expect(points.map((p) => p.size), shown).toEqual(sizes);
  // Sizes span 16×: linear grows ~16×, quadratic ~256× (growth over linear ~16); under 6 leaves room for a garbage
  // collection on a busy CI machine and none for a quadratic pattern.
  expect(growthOverLinear(points), shown).toBeLessThan(6);
}

const frontMatterOf = (page: string) => {
  const lines = page.split('\n').map(fromText);
  return readFrontMatter(lines, lines, page, page);
};

describe('structure stage runs in linear time on adversarial text', () => {
  it('strips contacts from a front-matter line of long "a.", "{", digit and "@" runs', () => {
    const sizes = [16_000, 32_000, 64_000, 128_000, 256_000];
    const points = growth(longLineFirstPage, frontMatterOf, sizes);
    expectLinear(points, sizes);
  });

  it('analyzes a first page that is one long line (with a layout, as a real PDF has)', () => {
    const sizes = [16_000, 32_000, 64_000, 128_000, 256_000];
    const points = growth(longLineFirstPage, (page) => analyzePaper(adversarialPdf(page, { layout: true })), sizes);
    expectLinear(points, sizes);
  });

  it('analyzes front-matter lines holding long runs of whitespace', () => {
    const sizes = [16_000, 32_000, 64_000, 128_000, 256_000];
    const points = growth(whitespaceRunsPage, (page) => analyzePaper(adversarialPdf(page)), sizes);
    expectLinear(points, sizes);
  });

  it('analyzes a DOI, a GitHub link and keywords followed by long runs of closing punctuation', () => {
    const sizes = [16_000, 32_000, 64_000, 128_000, 256_000];
    const points = growth(closingPunctuationPage, (page) => analyzePaper(adversarialPdf(page)), sizes);
    expectLinear(points, sizes);
  });

  it('analyzes leader-dot runs and a hyphenated break after a long token', () => {
    const sizes = [16_000, 32_000, 64_000, 128_000, 256_000];
    const points = growth(leaderAndHyphenPage, (page) => analyzePaper(adversarialPdf(page)), sizes);
    expectLinear(points, sizes);
  });
});
