/** What a promise that should be refused with a PaperError was refused with (the test fails if it was not). */
import { expect } from 'vitest';
import { isPaperError, type PaperError } from '../../src/core/errors.ts';

export async function refusal(p: Promise<unknown>): Promise<PaperError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isPaperError(err), `expected a refusal, got ${String(err)}`).toBe(true);
  return err as PaperError;
}
