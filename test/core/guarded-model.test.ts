/**
 * The model guard on a fake LanguageModel and an injected clock: concurrency limit, circuit breaker, reply checks;
 * plus the pieces it relies on (run-away detection, cut-off replies, bounded retries).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distrustCutOff } from '../../src/core/reply/cut-off-reply.ts';
import { describeError } from '../../src/core/error-messages.ts';
import { PaperError } from '../../src/core/errors.ts';
import { createGuardedModel } from '../../src/core/model/guarded-model.ts';
import { parseSummaryReply } from '../../src/core/reply/parse-summary.ts';
import type { ChatMessage, Completion, LanguageModel } from '../../src/core/ports.ts';
import { checkReply } from '../../src/core/reply/reply-checks.ts';
import { runawayTailStart } from '../../src/core/reply/repetition.ts';
import { backoffMs, RETRY_DEFAULTS, withRetries } from '../../src/core/model/with-retries.ts';
import { LLM_OUTPUTS_DIR, sharedAvailable } from '../helpers/shared.ts';

const EN = `1. Title: Attention Is All You Need
2. Authors: Ashish Vaswani, Noam Shazeer
3. Affiliation: Google Brain
4. Keywords: transformer, attention
5. Urls: https://arxiv.org/abs/1706.03762, Github: None
6. Summary:
  (1): Sequence models rely on recurrence.
  (2): Recurrent models prevent parallelization.
  (3): The paper proposes the Transformer, built on attention alone.
  (4): It reaches 28.4 BLEU on WMT 2014 English-German, which supports the goal.`;

const done = (text: string, finishReason: string | null = 'stop'): Completion => ({ text, finishReason, inputTokens: 10, outputTokens: 5 });
const msgs: ChatMessage[] = [{ role: 'user', content: 'summarize' }];
const outage = () => new PaperError('llm_failed', { reason: 'could not reach the model endpoint', retryable: true });

/** A model whose every call waits until the test settles it. */
function manualModel() {
  const calls: Array<{ resolve: (c: Completion) => void; reject: (e: unknown) => void }> = [];
  const model: LanguageModel = {
    name: 'fake',
    complete: () => new Promise<Completion>((resolve, reject) => calls.push({ resolve, reject })),
  };
  return { model, calls };
}

/** A model that answers at once from a list (or the last entry forever), counting calls. */
function scriptedModel(...answers: Array<Completion | Error>) {
  let calls = 0;
  const model: LanguageModel = {
    name: 'fake',
    async complete() {
      const a = answers[Math.min(calls++, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { model, calls: () => calls };
}

async function failure(p: Promise<unknown>): Promise<PaperError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaperError);
  return err as PaperError;
}

const flush = () => new Promise((r) => setImmediate(r));

describe('concurrency limit', () => {
  it('runs at most `concurrency` calls at once and starts the rest in arrival order', async () => {
    const { model, calls } = manualModel();
    const guarded = createGuardedModel(model, { concurrency: 3 });
    const order: number[] = [];
    const all = Array.from({ length: 10 }, (_, i) => guarded.complete(msgs).then(() => order.push(i)));
    await flush();
    expect(calls).toHaveLength(3);
    expect(guarded.limit.waiting).toBe(7);
    for (let i = 0; i < 10; i++) {
      expect(guarded.limit.active).toBeLessThanOrEqual(3);
      calls[i]!.resolve(done(EN));
      await flush();
    }
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(guarded.limit.active).toBe(0);
  });

  it('frees the slot of a failed call', async () => {
    const { model, calls } = manualModel();
    const guarded = createGuardedModel(model, { concurrency: 1, failureThreshold: 99 });
    const a = failure(guarded.complete(msgs));
    const b = guarded.complete(msgs);
    await flush();
    calls[0]!.reject(outage());
    await flush();
    calls[1]!.resolve(done(EN));
    expect((await a).code).toBe('llm_failed');
    expect((await b).text).toBe(EN);
  });
});

describe('circuit breaker', () => {
  it('opens after N outages in a row, fails fast without calling the model, probes once after the cool-down', async () => {
    let now = 1_000_000;
    const inner = scriptedModel(outage());
    const guarded = createGuardedModel(inner.model, { failureThreshold: 3, cooldownMs: 30_000 }, { now: () => now });
    for (let i = 0; i < 3; i++) await failure(guarded.complete(msgs));
    expect(inner.calls()).toBe(3);
    expect(guarded.circuit.state()).toBe('open');

    const fast = await failure(guarded.complete(msgs));
    expect(inner.calls()).toBe(3); // nothing sent
    expect(fast.code).toBe('llm_failed');
    expect(fast.data).toMatchObject({ circuitOpen: true, retryAfterSeconds: 30 });
    expect(describeError(fast).message).toBe(
      'The language model is not reachable right now (its last requests failed), so paperbot has paused asking it. Try again in about 30 seconds.',
    );
    now += 20_000;
    expect((await failure(guarded.complete(msgs))).data.retryAfterSeconds).toBe(10);

    // Cool-down over: one probe; it fails, so the circuit reopens for twice as long.
    now += 10_000;
    await failure(guarded.complete(msgs));
    expect(inner.calls()).toBe(4);
    const reopened = await failure(guarded.complete(msgs));
    expect(reopened.data).toMatchObject({ circuitOpen: true, retryAfterSeconds: 60 });
    expect(describeError(reopened).message).toContain('Try again in about 60 seconds.');
    expect(inner.calls()).toBe(4);
  });

  it('lets exactly one probe through while half-open; success closes the circuit and resets the cool-down', async () => {
    let now = 0;
    const { model, calls } = manualModel();
    const guarded = createGuardedModel(model, { failureThreshold: 1, cooldownMs: 1000 }, { now: () => now });
    const first = failure(guarded.complete(msgs));
    await flush();
    calls[0]!.reject(outage());
    await first;
    now += 1000;
    const probe = guarded.complete(msgs);
    await flush();
    expect(guarded.circuit.state()).toBe('half-open');
    const other = await failure(guarded.complete(msgs)); // not a second probe
    expect(other.data.circuitOpen).toBe(true);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(done(EN));
    expect((await probe).text).toBe(EN);
    expect(guarded.circuit.state()).toBe('closed');
    // The next opening starts again from the first cool-down.
    const again = failure(guarded.complete(msgs));
    await flush();
    calls[2]!.reject(outage());
    await again;
    expect((await failure(guarded.complete(msgs))).data.retryAfterSeconds).toBe(1);
  });

  it('doubles the cool-down on each failed probe up to the maximum', async () => {
    let now = 0;
    const inner = scriptedModel(outage());
    const guarded = createGuardedModel(inner.model, { failureThreshold: 1, cooldownMs: 30_000, maxCooldownMs: 300_000 }, { now: () => now });
    await failure(guarded.complete(msgs));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = Number((await failure(guarded.complete(msgs))).data.retryAfterSeconds);
      waits.push(wait);
      now += wait * 1000;
      await failure(guarded.complete(msgs)); // the probe, failing
    }
    expect(waits).toEqual([30, 60, 120, 240, 300, 300]);
    expect(describeError(new PaperError('llm_failed', { circuitOpen: true, retryAfterSeconds: 300 })).message).toContain('Try again in about 5 minutes.');
  });

  it('does not count rate limits, refused keys or bad answers; they prove the endpoint is alive', async () => {
    const limited = new PaperError('rate_limited', { retryAfterSeconds: 1 });
    const badKey = new PaperError('llm_failed', { status: 401, retryable: false });
    const inner = scriptedModel(outage(), outage(), limited, outage(), outage(), badKey, done(''), outage(), outage(), done(EN));
    const guarded = createGuardedModel(inner.model, { failureThreshold: 3 });
    // What the summarizer does with each answer: the guard's outcome, then the reply checks.
    for (let i = 0; i < 9; i++) await failure(guarded.complete(msgs).then(checkReply));
    expect(guarded.circuit.state()).toBe('closed');
    expect((await guarded.complete(msgs)).text).toBe(EN);
    expect(inner.calls()).toBe(10);
  });

  it('turns away calls waiting in line once the circuit has opened', async () => {
    const { model, calls } = manualModel();
    const guarded = createGuardedModel(model, { concurrency: 1, failureThreshold: 1 });
    const first = failure(guarded.complete(msgs));
    const queued = [failure(guarded.complete(msgs)), failure(guarded.complete(msgs))];
    await flush();
    calls[0]!.reject(outage());
    await first;
    for (const q of queued) expect((await q).data.circuitOpen).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

describe('reply checks', () => {
  it('fails empty answers and refusals with llm_failed and plain words', async () => {
    for (const text of ['', '   \n ']) {
      const err = await failure(scriptedModel(done(text)).model.complete(msgs).then(checkReply));
      expect(err.data.reason).toBe('empty');
      expect(describeError(err).message).toBe('The language model sent back an empty answer. Try again in a few minutes.');
    }
    for (const text of ["I'm sorry, but I can't help with that.", '抱歉，我无法访问这篇论文。', 'Please refer to relevant websites for more information.']) {
      const err = await failure(scriptedModel(done(text)).model.complete(msgs).then(checkReply));
      expect(err.data.reason).toBe('refused');
      expect(describeError(err).message).toBe('The language model declined to summarize this paper. Try again later, or with another model.');
    }
    const filtered = await failure(scriptedModel(done('', 'content_filter')).model.complete(msgs).then(checkReply));
    expect(filtered.data.reason).toBe('refused');
  });

  it('apply only where the summarizer checks its answers: the guard itself passes any answer through (questions may say "I cannot find that")', async () => {
    const answer = done('I cannot find that in the paper.');
    expect(await createGuardedModel(scriptedModel(answer).model).complete(msgs)).toEqual(answer);
    expect((await failure(scriptedModel(answer).model.complete(msgs).then(checkReply))).data.reason).toBe('refused');
  });

  it('does not take an answer with summary items, or a long one, for a refusal', () => {
    expect(checkReply(done(`I'm sorry for the delay.\n${EN}`)).text).toContain('Vaswani');
    expect(checkReply(done("  (3): I can't stress enough that the method is new.")).finishReason).toBe('stop');
  });

  it('cuts a run-away tail, keeps one saying of it, and marks the reply as cut off', () => {
    const loop = 'The method is simple and effective. '.repeat(200);
    const c = checkReply(done(`${EN}\n  ${loop}`));
    expect(c.finishReason).toBe('length');
    expect(c.text.match(/The method is simple and effective\./g)).toHaveLength(1);
    expect(c.text).toContain('28.4 BLEU');
    // The same in Chinese, and a loop without sentence ends.
    const zh = checkReply(done(`1. 标题: 测试\n6. 摘要:\n  (1): 背景。\n  (2): ${'该方法在多个数据集上取得了很好的效果，'.repeat(100)}`));
    expect(zh.finishReason).toBe('length');
    expect(zh.text.length).toBeLessThan(80);
    const words = checkReply(done(`${EN} ${'the '.repeat(500)}`));
    expect(words.finishReason).toBe('length');
    expect(words.text.length).toBeLessThan(EN.length + 10);
  });

  it('fails a reply that is nothing but a loop', async () => {
    const err = await failure(scriptedModel(done('The method is simple and effective. '.repeat(200), 'length')).model.complete(msgs).then(checkReply));
    expect(err.data.reason).toBe('unusable');
    expect(describeError(err).message).toBe('The language model could not produce a usable summary (it kept repeating itself). Try again in a few minutes.');
  });

  it('leaves a loop the model got out of to the parser, and real model outputs untouched', () => {
    const recovered = EN.replace('(2): Recurrent', `(2): ${'Recurrent models are slow. '.repeat(8)}Recurrent`);
    expect(runawayTailStart(recovered)).toBe(-1);
    const samples = sharedAvailable ? readdirSync(LLM_OUTPUTS_DIR).filter((f) => f.endsWith('.txt')) : [];
    for (const f of samples) {
      const text = readFileSync(path.join(LLM_OUTPUTS_DIR, f), 'utf8');
      expect(checkReply(done(text)), f).toEqual(done(text));
    }
  });
});

describe('cut-off replies (finishReason "length")', () => {
  it('treats the last item given as missing, so the follow-up asks for it and nothing partial counts as complete', () => {
    const whole = parseSummaryReply(EN);
    expect(whole.complete).toBe(true);
    expect(distrustCutOff(whole, 'stop')).toBe(whole);
    const cut = distrustCutOff(parseSummaryReply(EN.replace(/, which supports the goal\.$/, ', which sup')), 'length');
    expect(cut.complete).toBe(false);
    expect(cut.missing).toEqual(['results']);
    const early = distrustCutOff(parseSummaryReply(EN.split('\n').slice(0, 3).join('\n')), 'length');
    expect(early.missing).toEqual(['affiliation', 'keywords', 'links', 'background', 'priorWork', 'method', 'results']);
  });
});

describe('bounded retries', () => {
  const policy = { ...RETRY_DEFAULTS, maxRetries: 3 };

  it('retries at most maxRetries times with exponential backoff and jitter', async () => {
    const slept: number[] = [];
    let attempts = 0;
    const err = await withRetries(
      async () => {
        attempts++;
        throw new Error('down');
      },
      () => ({ retry: true, afterMs: null }),
      policy,
      { sleep: async (ms) => void slept.push(ms), random: () => 1 },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('down');
    expect(attempts).toBe(4);
    expect(slept).toEqual([375, 750, 1500]); // 500·2^n, less the full 25 % jitter
    expect(backoffMs(10, policy, () => 0)).toBe(8000); // capped
  });

  it('waits as long as Retry-After says, up to the cap; a longer wait is reported at once', async () => {
    const slept: number[] = [];
    let attempts = 0;
    const after = [1000, 120_000];
    const err = await withRetries(
      async () => {
        throw new Error(`attempt ${++attempts}`);
      },
      () => ({ retry: true, afterMs: after[attempts - 1] ?? null }),
      policy,
      { sleep: async (ms) => void slept.push(ms) },
    ).catch((e: unknown) => e);
    expect(slept).toEqual([1000]);
    expect((err as Error).message).toBe('attempt 2');
  });

  it('does not retry what the verdict says is final', async () => {
    let attempts = 0;
    await withRetries(
      async () => {
        attempts++;
        throw new Error('bad key');
      },
      () => ({ retry: false }),
      policy,
      { sleep: async () => {} },
    ).catch(() => {});
    expect(attempts).toBe(1);
  });
});
