/**
 * Time growth of a function over inputs of growing size, for "runs in linear time" checks on untrusted text.
 * Each size is timed best-of-N (the machine's noise only ever adds time). A linear path grows ~8× from n to 8n, a
 * quadratic one ~64×: the check allows 3× the linear growth, which a quadratic pattern cannot pass by accident.
 */
export interface GrowthPoint {
  size: number;
  ms: number;
}

export function measureGrowth(make: (size: number) => string, run: (input: string) => unknown, sizes: number[], repeats = 3): GrowthPoint[] {
  return sizes.map((size) => {
    const input = make(size);
    let best = Infinity;
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      run(input);
      best = Math.min(best, performance.now() - t0);
    }
    return { size, ms: best };
  });
}

/** Time at the largest size over time at the smallest, divided by the size ratio: ~1 for linear, ~size ratio for quadratic. */
export function growthOverLinear(points: GrowthPoint[]): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  // A floor of 1 ms at the smallest size: below it timer noise, not the pattern, decides the ratio.
  return last.ms / Math.max(first.ms, 1) / (last.size / first.size);
}

export function describeGrowth(points: GrowthPoint[]): string {
  return points.map((p) => `${p.size}: ${p.ms.toFixed(1)} ms`).join(', ');
}
