/** Reading the Prometheus text format in tests. */

/** The value of the sample line `series` (name and `{labels}` exactly as rendered), or undefined when there is none. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1).replace('+Inf', 'Infinity'));
}
