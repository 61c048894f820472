/**
 * GET /metrics on the Slack app's own HTTP server (HTTP and Socket Mode), with the services built by createServices
 * (so the decorators are wired as in production): one summarized paper shows a model call, tokens, a parse and a
 * completed job; a 👍 and a Regenerate click are counted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createPaperbotMetrics } from '../../../src/core/metrics/paperbot-metrics.ts';
import { createServices, type Services } from '../../../src/services/create-services.ts';
import { createPromRegistry } from '../../../src/services/prom-registry.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fake-openai.ts';
import { postSignedForm, waitFor } from '../../helpers/fake-slack.ts';
import { goodReply } from '../../helpers/model-replies.ts';
import { SIGNING_SECRET, buttonClickPayload, fileShareEvent, finalUpdate, pdfFile, reactions, startSlackHarness, useSlackHarness } from '../../helpers/slack-harness.ts';

/** The value of one sample line (`name{labels}` exactly as rendered), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(origin: string): Promise<string> {
  const res = await fetch(`${origin}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

describe('GET /metrics on the Slack app (HTTP mode, createServices)', () => {
  let openAi: FakeOpenAi | undefined;
  let services: Services | undefined;
  const h = useSlackHarness(async () => {
    openAi = await startFakeOpenAi((req) => ({ reply: goodReply(req, { language: 'en' }) }));
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openAi.baseURL,
      OPENAI_MODEL: 'test-model',
      LLM_MAX_RETRIES: '0',
      CACHE_URL: 'memory:',
      SUMMARY_LANGUAGE: 'en',
    });
    services = createServices(config);
    return {
      modelUrl: openAi.baseURL,
      services: { summarizer: services.summarizer, cache: services.cache, claims: services.claims },
      queue: services.queue,
      metrics: services.metrics,
    };
  });
  afterAll(async () => {
    await services?.queue.stop(1000);
    await services?.close();
    await openAi?.close();
  });

  it('serves /healthz and /metrics side by side', async () => {
    const health = await fetch(`${h().origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const text = await scrape(h().origin);
    expect(text).toContain('# TYPE paperbot_jobs_waiting gauge\n');
    expect(text).toContain('paperbot_jobs_waiting 0\n');
    expect(text).toContain('paperbot_model_input_tokens_total 0\n');
    expect(text).toMatch(/paperbot_build_info\{version="[^"]+"\} 1\n/);
    // prom-client's default process metrics come with paperbot's own.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge\n');
  });

  it('shows a model call, tokens, a parse and a completed job after one summary; counts 👍 and Regenerate', async () => {
    const channel = 'C0METRICS';
    const file = pdfFile(h().slack, 'F0METRICS');
    h().slack.fileInfo.set('F0METRICS', file);
    const ev = fileShareEvent(channel, file);
    await h().send(ev);
    await h().settled(ev.event_id);
    const summary = finalUpdate(h().slack, channel)!;
    expect(summary).toBeDefined();

    const text = await scrape(h().origin);
    expect(sample(text, 'paperbot_model_calls_total{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'paperbot_model_call_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'paperbot_model_input_tokens_total')).toBeGreaterThan(0);
    expect(sample(text, 'paperbot_model_output_tokens_total')).toBeGreaterThan(0);
    expect(sample(text, 'paperbot_parse_duration_seconds_count')).toBe(1);
    expect(sample(text, 'paperbot_jobs_completed_total{kind="slack"}')).toBe(1);
    expect(sample(text, 'paperbot_summaries_total{engine="llm",outcome="fresh"}')).toBe(1);
    expect(sample(text, 'paperbot_cache_misses_total{kind="summary"}')).toBe(1);
    expect(sample(text, 'paperbot_jobs_active')).toBe(0);
    expect(text).not.toContain('paperbot_feedback_votes_total{');

    const buttons = (summary.params.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements!;
    const click = async (actionId: string, responseUrl: string) => {
      const button = buttons.find((b) => b.action_id === actionId)!;
      const payload = buttonClickPayload({ channel, summaryTs: String(summary.params.ts), threadTs: ev.event.ts, responseUrl: `${h().slack.origin}${responseUrl}`, button });
      expect((await postSignedForm(h().eventsUrl, SIGNING_SECRET, { payload: JSON.stringify(payload) })).status).toBe(200);
    };

    await click('paperbot_feedback_up', '/respond/metrics-up');
    await waitFor('the ephemeral thanks', () => h().slack.calls.find((c) => c.method.includes('respond/metrics-up')));
    await h().bot.idle();
    const voted = await scrape(h().origin);
    expect(sample(voted, 'paperbot_feedback_votes_total{platform="slack",vote="up"}')).toBe(1);

    await click('paperbot_regenerate', '/respond/metrics-regen');
    await waitFor('the regenerated summary', () => reactions(h().slack.callsIn(channel)).length >= 4);
    await h().bot.idle();
    const regenerated = await scrape(h().origin);
    expect(sample(regenerated, 'paperbot_regenerate_clicks_total{platform="slack"}')).toBe(1);
    expect(sample(regenerated, 'paperbot_jobs_completed_total{kind="slack"}')).toBe(2);
    // Regenerate bypasses the cache: a second parse and fresh summary, no summary cache read.
    expect(sample(regenerated, 'paperbot_parse_duration_seconds_count')).toBe(2);
    expect(sample(regenerated, 'paperbot_summaries_total{engine="llm",outcome="fresh"}')).toBe(2);
  });
});

describe('GET /metrics on the Slack app in Socket Mode', () => {
  it('is served next to /healthz on the custom-routes port', async () => {
    const metrics = createPaperbotMetrics(createPromRegistry(), { version: 'socket-test' });
    const h = await startSlackHarness({ mode: 'socket', metrics });
    try {
      const text = await scrape(h.origin);
      expect(text).toContain('paperbot_build_info{version="socket-test"} 1\n');
      expect((await fetch(`${h.origin}/healthz`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
