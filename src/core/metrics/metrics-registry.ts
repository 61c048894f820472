/**
 * What the core needs of a metrics library: counters, gauges and histograms with labels, and the Prometheus text that
 * `GET /metrics` answers. `src/services/prom-registry.ts` implements it on prom-client; the core stays library-free.
 */

/** Label values by label name; labels left out are not written. */
export type LabelValues<L extends string> = { readonly [K in L]?: string | number };

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds (seconds, bytes, …); +Inf is added. */
  buckets: readonly number[];
}

export interface CounterMetric<L extends string = never> {
  /** Adds `by` (default 1; never negative). */
  inc(labels?: LabelValues<L>, by?: number): void;
}

export interface GaugeMetric<L extends string = never> {
  set(labels: LabelValues<L> | undefined, value: number): void;
  /**
   * Sets the (unlabelled) value from `read` just before each render: for gauges that mirror something else, like the
   * job queue. A read that throws or hangs leaves the last value, so one broken source never fails the whole scrape.
   */
  collect(read: () => number | Promise<number>): void;
}

export interface HistogramMetric<L extends string = never> {
  observe(labels: LabelValues<L> | undefined, value: number): void;
}

export interface MetricsRegistry {
  /** The Content-Type of what render() returns. */
  readonly contentType: string;
  counter<L extends string = never>(opts: MetricOptions<L>): CounterMetric<L>;
  gauge<L extends string = never>(opts: MetricOptions<L>): GaugeMetric<L>;
  histogram<L extends string = never>(opts: HistogramOptions<L>): HistogramMetric<L>;
  /** Every metric in the Prometheus text format, after the gauges' collect reads. */
  render(): Promise<string>;
}

/**
 * A registry that keeps nothing: for a command line run, which serves no /metrics, so that it does not load and
 * start a metrics library (with its process collectors) for numbers nobody reads.
 */
export function createDiscardingRegistry(): MetricsRegistry {
  const none = { inc() {}, set() {}, collect() {}, observe() {} };
  return { contentType: 'text/plain', counter: () => none, gauge: () => none, histogram: () => none, render: async () => '' };
}
