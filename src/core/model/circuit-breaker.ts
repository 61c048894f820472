/**
 * Stops sending requests to an endpoint that looks dead. After `failureThreshold` outages in a row (connection
 * refused, timeouts, 5xx — never 429 or a bad answer, which prove the endpoint is alive) the circuit opens for a
 * cool-down; calls fail at once. Then one probe goes out: success closes the circuit, an outage reopens it with
 * the cool-down doubled (up to `maxCooldownMs`).
 */
import { PaperError } from '../errors.ts';

export interface CircuitOptions {
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
  now: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /** Throws llm_failed { circuitOpen, retryAfterSeconds } when no call may go out; claims nothing. */
  check(): void;
  /** Like check(), and claims the one half-open probe when the cool-down is over. Returns true for the probe. */
  admit(): boolean;
  /** The endpoint answered (with anything): it is alive. */
  success(): void;
  /** A call failed; `outage` when the failure says the endpoint is down. */
  failure(outage: boolean, probe: boolean): void;
  state(): CircuitState;
}

export function createCircuitBreaker(opts: CircuitOptions): CircuitBreaker {
  let state: CircuitState = 'closed';
  let failures = 0;
  let cooldown = opts.cooldownMs;
  let openUntil = 0;

  const open = () => {
    state = 'open';
    openUntil = opts.now() + cooldown;
  };
  const reject = (waitMs: number): never => {
    throw new PaperError('llm_failed', {
      reason: 'the model endpoint is unavailable',
      circuitOpen: true,
      retryable: false,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  };
  const gate = (claimProbe: boolean): boolean => {
    if (state === 'closed') return false;
    // While the probe is out, others wait for its verdict; the soonest that can be is now.
    if (state === 'half-open') return reject(opts.cooldownMs);
    const left = openUntil - opts.now();
    if (left > 0) return reject(left);
    if (claimProbe) state = 'half-open';
    return claimProbe;
  };

  return {
    check: () => void gate(false),
    admit: () => gate(true),
    success() {
      state = 'closed';
      failures = 0;
      cooldown = opts.cooldownMs;
    },
    failure(outage, probe) {
      if (!outage) {
        // A 429 or a bad answer still came from a live endpoint.
        if (state !== 'open') this.success();
        return;
      }
      if (state === 'half-open') {
        // Only the probe's verdict counts; a call sent before the circuit opened says nothing new.
        if (!probe) return;
        cooldown = Math.min(cooldown * 2, Math.max(opts.maxCooldownMs, opts.cooldownMs));
        open();
        return;
      }
      if (state === 'open') return;
      failures++;
      if (failures >= opts.failureThreshold) open();
    },
    state: () => state,
  };
}
