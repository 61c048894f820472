import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Nothing under test reaches the real arXiv or Crossref; registry tests point the URLs at local fakes.
    // OCR (seconds a page) runs in the tests that ask for it (OCR=auto|force); everywhere else a scan is no_text at once.
    env: { REGISTRY_LOOKUP: 'off', OCR: 'off' },
    // Most test time is spent waiting on local fakes, child processes and Redis, not on the CPU: at least two files
    // at once even on a 2-core machine (the whole suite: ~4.5 min instead of ~6.5 min there).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
