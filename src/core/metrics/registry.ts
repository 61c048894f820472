/**
 * A small metrics registry of our own: counters, gauges and histograms with labels, rendered in the Prometheus text
 * exposition format 0.0.4 (what `GET /metrics` answers). Values live in this process only; Prometheus adds up the
 * processes. Gauges that mirror something else (the job queue) are filled by collectors just before each render.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type LabelValues<L extends string> = { readonly [K in L]: string | number };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Seconds-scale default buckets (like the official clients'). */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A sample value as the text format writes it: integers plainly, NaN and ±Inf spelled out. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed are escaped. */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

interface Rendered {
  readonly name: string;
  render(): string;
}

abstract class Metric<L extends string> implements Rendered {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  protected abstract readonly type: 'counter' | 'gauge' | 'histogram';

  constructor(opts: MetricOptions<L>) {
    if (!METRIC_NAME.test(opts.name)) throw new Error(`invalid metric name "${opts.name}"`);
    for (const l of opts.labelNames ?? []) {
      if (!LABEL_NAME.test(l) || l.startsWith('__')) throw new Error(`invalid label name "${l}" on ${opts.name}`);
    }
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labelNames ?? [];
  }

  /** The series key and its label pairs, in the declared order; unknown labels are a programming error. */
  protected series(labels: Partial<LabelValues<L>> | undefined): { key: string; pairs: Array<[string, string]> } {
    const given = (labels ?? {}) as Record<string, string | number | undefined>;
    for (const k of Object.keys(given)) {
      if (!(this.labelNames as readonly string[]).includes(k)) throw new Error(`unknown label "${k}" on ${this.name}`);
    }
    const pairs = this.labelNames.map((l): [string, string] => [l, String(given[l] ?? '')]);
    return { key: JSON.stringify(pairs.map((p) => p[1])), pairs };
  }

  protected header(): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
  }

  abstract render(): string;
}

class ValueMetric<L extends string> extends Metric<L> {
  protected readonly type: 'counter' | 'gauge';
  protected readonly values = new Map<string, { pairs: Array<[string, string]>; value: number }>();

  constructor(opts: MetricOptions<L>, type: 'counter' | 'gauge') {
    super(opts);
    this.type = type;
  }

  protected add(labels: Partial<LabelValues<L>> | undefined, by: number): void {
    const { key, pairs } = this.series(labels);
    const s = this.values.get(key);
    if (s) s.value += by;
    else this.values.set(key, { pairs, value: by });
  }

  /** The current value of one series (0 when never touched). */
  get(labels?: Partial<LabelValues<L>>): number {
    return this.values.get(this.series(labels).key)?.value ?? 0;
  }

  render(): string {
    let out = this.header();
    // A metric without labels shows 0 before its first change; labelled series appear once they exist.
    if (this.values.size === 0 && this.labelNames.length === 0) out += `${this.name} 0\n`;
    for (const { pairs, value } of this.values.values()) out += `${this.name}${labelText(pairs)} ${formatValue(value)}\n`;
    return out;
  }
}

export class Counter<L extends string = never> extends ValueMetric<L> {
  constructor(opts: MetricOptions<L>) {
    super(opts, 'counter');
  }

  /** Adds `by` (default 1; never negative). */
  inc(labels?: Partial<LabelValues<L>>, by = 1): void {
    if (!(by >= 0)) throw new Error(`counter ${this.name} can only go up (got ${by})`);
    this.add(labels, by);
  }
}

export class Gauge<L extends string = never> extends ValueMetric<L> {
  constructor(opts: MetricOptions<L>) {
    super(opts, 'gauge');
  }

  set(labels: Partial<LabelValues<L>> | undefined, value: number): void {
    const { key, pairs } = this.series(labels);
    this.values.set(key, { pairs, value });
  }

  inc(labels?: Partial<LabelValues<L>>, by = 1): void {
    this.add(labels, by);
  }

  dec(labels?: Partial<LabelValues<L>>, by = 1): void {
    this.add(labels, -by);
  }

  /** Forgets every series (a collector that rebuilds the whole set). */
  reset(): void {
    this.values.clear();
  }
}

interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds (seconds, bytes, …); +Inf is added. Default DEFAULT_BUCKETS. */
  buckets?: readonly number[];
}

interface HistogramSeries {
  pairs: Array<[string, string]>;
  /** Observations per bucket (not cumulative; the last one is +Inf). */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram<L extends string = never> extends Metric<L> {
  protected readonly type = 'histogram' as const;
  readonly buckets: readonly number[];
  private readonly data = new Map<string, HistogramSeries>();

  constructor(opts: HistogramOptions<L>) {
    super(opts);
    if ((this.labelNames as readonly string[]).includes('le')) throw new Error(`histogram ${opts.name} cannot have a label named "le"`);
    const buckets = [...(opts.buckets ?? DEFAULT_BUCKETS)].filter((b) => b !== Infinity).sort((a, b) => a - b);
    if (buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b === buckets[i - 1]))) throw new Error(`histogram ${opts.name} needs distinct finite buckets`);
    this.buckets = buckets;
  }

  observe(labels: Partial<LabelValues<L>> | undefined, value: number): void {
    const { key, pairs } = this.series(labels);
    let s = this.data.get(key);
    if (!s) {
      s = { pairs, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.data.set(key, s);
    }
    const i = this.buckets.findIndex((b) => value <= b);
    s.counts[i === -1 ? this.buckets.length : i]! += 1;
    s.sum += value;
    s.count += 1;
  }

  /** Starts a stopwatch; calling the result observes the seconds elapsed (with labels known only at the end). */
  startTimer(now: () => number = performanceNow): (labels?: Partial<LabelValues<L>>) => number {
    const start = now();
    return (labels) => {
      const seconds = (now() - start) / 1000;
      this.observe(labels, seconds);
      return seconds;
    };
  }

  /** Count and sum of one series (tests, derived values). */
  get(labels?: Partial<LabelValues<L>>): { count: number; sum: number } {
    const s = this.data.get(this.series(labels).key);
    return { count: s?.count ?? 0, sum: s?.sum ?? 0 };
  }

  render(): string {
    let out = this.header();
    const all = [...this.data.values()];
    if (all.length === 0 && this.labelNames.length === 0) all.push({ pairs: [], counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 });
    for (const s of all) {
      let cumulative = 0;
      const bounds = [...this.buckets, Infinity];
      bounds.forEach((b, i) => {
        cumulative += s.counts[i]!;
        out += `${this.name}_bucket${labelText([...s.pairs, ['le', formatValue(b)]])} ${cumulative}\n`;
      });
      out += `${this.name}_sum${labelText(s.pairs)} ${formatValue(s.sum)}\n`;
      out += `${this.name}_count${labelText(s.pairs)} ${s.count}\n`;
    }
    return out;
  }
}

function performanceNow(): number {
  return performance.now();
}

/** Runs just before each render (e.g. reads the queue into gauges); a collector that throws is skipped. */
export type Collector = () => void | Promise<void>;

export class Registry {
  private readonly metrics = new Map<string, Rendered>();
  private readonly collectors: Collector[] = [];

  private add<M extends Rendered>(m: M): M {
    if (this.metrics.has(m.name)) throw new Error(`metric ${m.name} is registered already`);
    this.metrics.set(m.name, m);
    return m;
  }

  counter<L extends string = never>(opts: MetricOptions<L>): Counter<L> {
    return this.add(new Counter<L>(opts));
  }

  gauge<L extends string = never>(opts: MetricOptions<L>): Gauge<L> {
    return this.add(new Gauge<L>(opts));
  }

  histogram<L extends string = never>(opts: HistogramOptions<L>): Histogram<L> {
    return this.add(new Histogram<L>(opts));
  }

  onCollect(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** Every metric in the exposition format, after the collectors ran (each bounded by `collectTimeoutMs`). */
  async render(collectTimeoutMs = 2000): Promise<string> {
    await Promise.all(
      this.collectors.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((r) => (timer = setTimeout(r, collectTimeoutMs)));
        await Promise.race([Promise.resolve().then(c), late])
          .catch(() => {})
          .finally(() => clearTimeout(timer));
      }),
    );
    return [...this.metrics.values()].map((m) => m.render()).join('');
  }
}

export function createRegistry(): Registry {
  return new Registry();
}
