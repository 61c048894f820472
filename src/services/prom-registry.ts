/**
 * The core's MetricsRegistry on prom-client: one prom-client Registry per call (not the global one, so several
 * services in one process, as in the tests, never collide), with prom-client's default process metrics (memory, CPU,
 * event-loop lag, GC, handles) next to paperbot's own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type LabelValues as PromLabels } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, HistogramOptions, LabelValues, MetricOptions, MetricsRegistry } from '../core/metrics/metrics-registry.ts';

export interface PromRegistryOptions {
  /** How long a gauge's collect read may take before the scrape goes on without it. Default 2000. */
  collectTimeoutMs?: number;
}

/** Labels in the declared order: prom-client writes them in the order given, and stable text is easier to read and test. */
function ordered(labelNames: readonly string[], labels: LabelValues<string>): PromLabels<string> {
  const rank = (k: string) => labelNames.indexOf(k);
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => rank(a) - rank(b))) as PromLabels<string>;
}

/** `read()`'s value, or undefined when it throws or is later than `ms`. */
async function within(read: () => number | Promise<number>, ms: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    // Called synchronously, so that gauges collected in one scrape can share a read (see instrumentQueue).
    return await Promise.race([new Promise<number>((resolve) => resolve(read())), late]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

export function createPromRegistry(opts: PromRegistryOptions = {}): MetricsRegistry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const collectTimeoutMs = opts.collectTimeoutMs ?? 2000;
  const base = <L extends string>(o: MetricOptions<L>) => ({ name: o.name, help: o.help, labelNames: [...(o.labelNames ?? [])] as string[], registers: [register] });

  return {
    contentType: register.contentType,

    counter<L extends string = never>(o: MetricOptions<L>): CounterMetric<L> {
      const b = base(o);
      const c = new Counter(b);
      // prom-client reads a lone number as the increment, and `inc(undefined, 0)` as 1.
      return { inc: (labels, by = 1) => (labels ? c.inc(ordered(b.labelNames, labels), by) : c.inc(by)) };
    },

    gauge<L extends string = never>(o: MetricOptions<L>): GaugeMetric<L> {
      const b = base(o);
      let read: (() => number | Promise<number>) | undefined;
      const g: Gauge = new Gauge({
        ...b,
        async collect() {
          if (!read) return;
          const value = await within(read, collectTimeoutMs);
          if (value !== undefined) g.set(value);
        },
      });
      return {
        set: (labels, value) => (labels ? g.set(ordered(b.labelNames, labels), value) : g.set(value)),
        collect: (r) => void (read = r),
      };
    },

    histogram<L extends string = never>(o: HistogramOptions<L>): HistogramMetric<L> {
      // prom-client counts into the first bucket whose bound is ≥ the value, so bounds must be ascending.
      const b = base(o);
      const h = new Histogram({ ...b, buckets: [...o.buckets].sort((x, y) => x - y) });
      return { observe: (labels, value) => (labels ? h.observe(ordered(b.labelNames, labels), value) : h.observe(value)) };
    },

    render: () => register.metrics(),
  };
}
