import { describe, expect, it } from 'vitest';
import { createRegistry, escapeLabelValue, formatValue } from '../../../src/core/metrics/registry.ts';

/** One sample line of the text format: name, optional {labels}, value. */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*")*)?\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;

/** Checks every line is HELP, TYPE or a sample of a declared metric, HELP/TYPE once per family, and the text ends with a newline. */
function assertExposition(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) continue;
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
}

/** The value of the sample line `name{labels}` (labels exactly as rendered). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1).replace('+Inf', 'Infinity'));
}

describe('metrics registry', () => {
  it('renders counters with HELP, TYPE and a zero before the first increment', async () => {
    const r = createRegistry();
    const c = r.counter({ name: 'demo_requests_total', help: 'Requests.' });
    expect(await r.render()).toBe('# HELP demo_requests_total Requests.\n# TYPE demo_requests_total counter\ndemo_requests_total 0\n');
    c.inc();
    c.inc(undefined, 2.5);
    expect(await r.render()).toContain('demo_requests_total 3.5\n');
    expect(c.get()).toBe(3.5);
    expect(() => c.inc(undefined, -1)).toThrow(/only go up/);
  });

  it('keeps one series per label set, in the declared label order, with values escaped', async () => {
    const r = createRegistry();
    const c = r.counter({ name: 'demo_votes_total', help: 'Votes\nwith a "line" \\ break.', labelNames: ['platform', 'vote'] });
    c.inc({ vote: 'up', platform: 'slack' });
    c.inc({ platform: 'slack', vote: 'up' });
    c.inc({ platform: 'we "quote"\\ \nnew', vote: 'down' });
    const text = await r.render();
    assertExposition(text);
    expect(text).toContain('# HELP demo_votes_total Votes\\nwith a "line" \\\\ break.\n');
    expect(text).toContain('demo_votes_total{platform="slack",vote="up"} 2\n');
    expect(text).toContain('demo_votes_total{platform="we \\"quote\\"\\\\ \\nnew",vote="down"} 1\n');
    // A labelled metric without series renders only its HELP and TYPE.
    const r2 = createRegistry();
    r2.counter({ name: 'demo_empty_total', help: 'Nothing yet.', labelNames: ['kind'] });
    expect(await r2.render()).toBe('# HELP demo_empty_total Nothing yet.\n# TYPE demo_empty_total counter\n');
    expect(() => c.inc({ colour: 'red' } as never)).toThrow(/unknown label "colour"/);
  });

  it('renders histograms with cumulative buckets, +Inf, _sum and _count', async () => {
    const r = createRegistry();
    const h = r.histogram({ name: 'demo_latency_seconds', help: 'Latency.', labelNames: ['route'], buckets: [1, 0.1, 0.5] });
    for (const v of [0.05, 0.1, 0.3, 0.7, 2, 30]) h.observe({ route: '/x' }, v);
    const text = await r.render();
    assertExposition(text);
    expect(sample(text, 'demo_latency_seconds_bucket{route="/x",le="0.1"}')).toBe(2); // ≤ is inclusive
    expect(sample(text, 'demo_latency_seconds_bucket{route="/x",le="0.5"}')).toBe(3);
    expect(sample(text, 'demo_latency_seconds_bucket{route="/x",le="1"}')).toBe(4);
    expect(sample(text, 'demo_latency_seconds_bucket{route="/x",le="+Inf"}')).toBe(6);
    expect(sample(text, 'demo_latency_seconds_count{route="/x"}')).toBe(6);
    expect(sample(text, 'demo_latency_seconds_sum{route="/x"}')).toBeCloseTo(33.15);
    // Buckets never decrease and +Inf equals _count.
    const buckets = text.split('\n').filter((l) => l.startsWith('demo_latency_seconds_bucket')).map((l) => Number(l.split(' ')[1]));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(h.get({ route: '/x' }).count).toBe(6);
    expect(() => r.histogram({ name: 'demo_bad', help: 'x', labelNames: ['le'] })).toThrow(/le/);
  });

  it('renders an unlabelled histogram with zeros before the first observation, and times with startTimer', async () => {
    const r = createRegistry();
    const h = r.histogram({ name: 'demo_parse_seconds', help: 'Parse.', buckets: [1] });
    expect(await r.render()).toBe(
      '# HELP demo_parse_seconds Parse.\n# TYPE demo_parse_seconds histogram\n' +
        'demo_parse_seconds_bucket{le="1"} 0\ndemo_parse_seconds_bucket{le="+Inf"} 0\ndemo_parse_seconds_sum 0\ndemo_parse_seconds_count 0\n',
    );
    let now = 1000;
    const done = h.startTimer(() => now);
    now = 1250;
    expect(done()).toBe(0.25);
    expect(h.get()).toEqual({ count: 1, sum: 0.25 });
  });

  it('fills gauges from collectors at render time and survives a collector that throws or hangs', async () => {
    const r = createRegistry();
    const g = r.gauge({ name: 'demo_queue_waiting', help: 'Waiting.' });
    let waiting = 3;
    r.onCollect(() => g.set(undefined, waiting));
    r.onCollect(() => {
      throw new Error('broken collector');
    });
    r.onCollect(() => new Promise<void>(() => {}));
    expect(await r.render(50)).toContain('demo_queue_waiting 3\n');
    waiting = 1;
    expect(await r.render(50)).toContain('demo_queue_waiting 1\n');
    g.inc(undefined, 2);
    g.dec();
    expect(g.get()).toBe(2);
  });

  it('refuses invalid and duplicate names', () => {
    const r = createRegistry();
    r.counter({ name: 'demo_total', help: 'x' });
    expect(() => r.counter({ name: 'demo_total', help: 'x' })).toThrow(/registered already/);
    expect(() => r.gauge({ name: 'demo-bad', help: 'x' })).toThrow(/invalid metric name/);
    expect(() => r.gauge({ name: 'demo_ok', help: 'x', labelNames: ['bad-label'] })).toThrow(/invalid label name/);
  });

  it('formats values and label values the way the text format wants', () => {
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(0.005)).toBe('0.005');
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
