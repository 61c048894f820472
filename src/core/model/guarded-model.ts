/**
 * A LanguageModel around another one, for a shared endpoint: at most `concurrency` calls at a time (FIFO), and a
 * circuit breaker that fails fast while the endpoint looks dead. Retries stay with the inner model (it knows the
 * transport); here one call is one outcome. Checks of what a summary answer says are `checkReply`
 * (reply-checks.ts), applied by the summarizer only: a question-answering prompt may rightly answer "I cannot find
 * that in the paper".
 */
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.ts';
import { createConcurrencyLimit, type ConcurrencyLimit } from './concurrency-limit.ts';
import { isPaperError } from '../errors.ts';
import type { ChatMessage, Completion, CompleteOptions, LanguageModel } from '../ports.ts';

export interface GuardOptions {
  /** Calls to the model at the same time; more wait in line. */
  concurrency: number;
  /** Outages in a row that open the circuit. */
  failureThreshold: number;
  /** First cool-down; doubles on each failed probe up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const GUARD_DEFAULTS = {
  concurrency: 4,
  failureThreshold: 3,
  cooldownMs: 30_000,
  maxCooldownMs: 5 * 60_000,
} satisfies Required<GuardOptions>;

export interface GuardDeps {
  now?: () => number;
  /** Whether a failure means the endpoint is down (counts toward opening the circuit). */
  isOutage?: (err: unknown) => boolean;
}

/** Connection refused or reset, timeouts, 5xx: what the model service marks retryable, except rate limits. */
export function isOutage(err: unknown): boolean {
  return isPaperError(err) && (err.code === 'timeout' || (err.code === 'llm_failed' && err.data.retryable === true));
}

export interface GuardedModel extends LanguageModel {
  readonly circuit: CircuitBreaker;
  readonly limit: ConcurrencyLimit;
}

export function createGuardedModel(inner: LanguageModel, options: Partial<GuardOptions> = {}, deps: GuardDeps = {}): GuardedModel {
  const opts = { ...GUARD_DEFAULTS, ...options };
  const outage = deps.isOutage ?? isOutage;
  const circuit = createCircuitBreaker({ ...opts, now: deps.now ?? Date.now });
  const limit = createConcurrencyLimit(opts.concurrency);
  return {
    name: inner.name,
    circuit,
    limit,
    async complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion> {
      circuit.check(); // fail fast instead of queueing behind calls to a dead endpoint
      return limit.run(async () => {
        const probe = circuit.admit(); // the circuit may have opened while this call waited
        let answer: Completion;
        try {
          // A stream holds its slot until its last piece: the limit counts answers being written, streamed or not.
          answer = await inner.complete(messages, options);
        } catch (err) {
          circuit.failure(outage(err), probe);
          throw err;
        }
        circuit.success();
        return answer;
      });
    },
  };
}
