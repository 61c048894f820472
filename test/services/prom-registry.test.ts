/** The core's MetricsRegistry on prom-client, read back through the real exposition text. */
import { describe, expect, it } from 'vitest';
import { createPromRegistry } from '../../src/services/prom-registry.ts';
import { sample } from '../helpers/metrics-text.ts';

const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\\\\\|\\\\"|\\\\n)*"';
/** One sample line: name, optional {labels}, value (prom-client writes NaN as `Nan`; Prometheus reads it case-blind). */
const SAMPLE = new RegExp(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{${LABEL}(?:,${LABEL})*\\})? (-?[0-9.e+-]+|NaN|Nan|\\+Inf|-Inf)$`);

/**
 * Checks the text format: every line is HELP, TYPE, a sample of a declared family, or a blank line between families;
 * one TYPE per family; a final newline. Returns the families and their types.
 */
function parseExposition(text: string): Map<string, string> {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1]!), `TYPE of ${type[1]} twice`).toBe(false);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    expect(m, `not a sample line: ${JSON.stringify(line)}`).not.toBeNull();
    const name = m![1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `${name} before its TYPE`).toBe(true);
  }
  return types;
}

/** The lines of one family (HELP, TYPE, samples) as rendered. */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `) || new RegExp(`^${name}(_bucket|_sum|_count)?[{ ]`).test(l));
}

describe('prom-client registry', () => {
  it('serves the Prometheus text format 0.0.4 with the default process metrics', async () => {
    const r = createPromRegistry();
    expect(r.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await r.render();
    const types = parseExposition(text);
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('process_cpu_seconds_total')).toBe('counter');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(types.get('nodejs_gc_duration_seconds')).toBe('histogram');
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(new RegExp(`^nodejs_version_info\\{version="${process.version}",`, 'm'));
  });

  it('renders counters with HELP and TYPE, a zero before the first increment, and increments of 0', async () => {
    const r = createPromRegistry();
    const c = r.counter({ name: 'demo_requests_total', help: 'Requests.' });
    expect(family(await r.render(), 'demo_requests_total')).toEqual(['# HELP demo_requests_total Requests.', '# TYPE demo_requests_total counter', 'demo_requests_total 0']);
    c.inc();
    c.inc(undefined, 0); // prom-client alone would count inc(undefined, 0) as 1
    c.inc(undefined, 2.5);
    expect(sample(await r.render(), 'demo_requests_total')).toBe(3.5);
    expect(() => c.inc(undefined, -1)).toThrow(/decrease/);
  });

  it('keeps one series per label set, written in the declared label order, with values escaped', async () => {
    const r = createPromRegistry();
    const c = r.counter({ name: 'demo_votes_total', help: 'Votes\nwith a "line" \\ break.', labelNames: ['platform', 'vote'] });
    const empty = r.counter({ name: 'demo_empty_total', help: 'Nothing yet.', labelNames: ['kind'] });
    c.inc({ vote: 'up', platform: 'slack' });
    c.inc({ platform: 'slack', vote: 'up' });
    c.inc({ vote: 'down', platform: 'we "quote"\\ \nnew' });
    const text = await r.render();
    parseExposition(text);
    expect(text).toContain('# HELP demo_votes_total Votes\\nwith a "line" \\\\ break.\n');
    expect(sample(text, 'demo_votes_total{platform="slack",vote="up"}')).toBe(2);
    expect(sample(text, 'demo_votes_total{platform="we \\"quote\\"\\\\ \\nnew",vote="down"}')).toBe(1);
    // A labelled metric without series shows only its HELP and TYPE.
    expect(family(text, 'demo_empty_total')).toEqual(['# HELP demo_empty_total Nothing yet.', '# TYPE demo_empty_total counter']);
    expect(() => empty.inc({ colour: 'red' } as never)).toThrow(/colour/);
  });

  it('renders histograms with cumulative buckets (given in any order), +Inf, _sum and _count', async () => {
    const r = createPromRegistry();
    const h = r.histogram({ name: 'demo_latency_seconds', help: 'Latency.', labelNames: ['route'], buckets: [1, 0.1, 0.5] });
    const plain = r.histogram({ name: 'demo_parse_seconds', help: 'Parse.', buckets: [1] });
    for (const v of [0.05, 0.1, 0.3, 0.7, 2, 30]) h.observe({ route: '/x' }, v);
    const text = await r.render();
    expect(parseExposition(text).get('demo_latency_seconds')).toBe('histogram');
    const bucket = (le: string) => sample(text, `demo_latency_seconds_bucket{le="${le}",route="/x"}`);
    expect([bucket('0.1'), bucket('0.5'), bucket('1'), bucket('+Inf')]).toEqual([2, 3, 4, 6]); // ≤ is inclusive
    expect(sample(text, 'demo_latency_seconds_count{route="/x"}')).toBe(6);
    expect(sample(text, 'demo_latency_seconds_sum{route="/x"}')).toBeCloseTo(33.15);
    // An unlabelled histogram shows zeros before its first observation.
    expect(family(text, 'demo_parse_seconds').slice(2)).toEqual(['demo_parse_seconds_bucket{le="1"} 0', 'demo_parse_seconds_bucket{le="+Inf"} 0', 'demo_parse_seconds_sum 0', 'demo_parse_seconds_count 0']);
    plain.observe(undefined, 0.25);
    const after = await r.render();
    expect(sample(after, 'demo_parse_seconds_bucket{le="1"}')).toBe(1);
    expect(sample(after, 'demo_parse_seconds_sum')).toBe(0.25);
  });

  it('fills gauges from collect reads at render time; a read that throws or hangs keeps the last value', async () => {
    const r = createPromRegistry({ collectTimeoutMs: 50 });
    const waiting = r.gauge({ name: 'demo_queue_waiting', help: 'Waiting.' });
    const broken = r.gauge({ name: 'demo_broken', help: 'Broken.' });
    const hanging = r.gauge({ name: 'demo_hanging', help: 'Hanging.' });
    const info = r.gauge({ name: 'demo_info', help: 'Info.', labelNames: ['version'] });
    let n = 3;
    let fail = false;
    waiting.collect(async () => n);
    broken.collect(() => {
      if (fail) throw new Error('broken source');
      return 7;
    });
    hanging.set(undefined, 4);
    hanging.collect(() => new Promise<number>(() => {}));
    info.set({ version: '1.0.0' }, 1);
    const first = await r.render();
    expect([sample(first, 'demo_queue_waiting'), sample(first, 'demo_broken'), sample(first, 'demo_hanging')]).toEqual([3, 7, 4]);
    expect(sample(first, 'demo_info{version="1.0.0"}')).toBe(1);
    n = 1;
    fail = true;
    const started = Date.now();
    const second = await r.render();
    expect(Date.now() - started).toBeLessThan(1000);
    expect([sample(second, 'demo_queue_waiting'), sample(second, 'demo_broken'), sample(second, 'demo_hanging')]).toEqual([1, 7, 4]);
  });

  it('keeps registries apart (several services in one process) and refuses a name twice in one', async () => {
    const a = createPromRegistry();
    const b = createPromRegistry();
    a.counter({ name: 'demo_total', help: 'x' }).inc(undefined, 5);
    b.counter({ name: 'demo_total', help: 'x' });
    expect(sample(await a.render(), 'demo_total')).toBe(5);
    expect(sample(await b.render(), 'demo_total')).toBe(0);
    expect(() => a.counter({ name: 'demo_total', help: 'x' })).toThrow(/already been registered/);
    expect(() => a.gauge({ name: 'demo-bad', help: 'x' })).toThrow(/Invalid metric name/);
  });
});
