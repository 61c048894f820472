/**
 * Writes examples/sample-paper.pdf from test/fixtures/sample-paper-spec.ts.
 * Deterministic: fixed creation/modification dates, no /ID, so re-running gives identical bytes.
 *   npx tsx scripts/make-sample-paper.ts [output-path]
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makePaperPdf } from '../test/fixtures/make-paper-pdf.ts';
import { samplePaperSpec } from '../test/fixtures/sample-paper-spec.ts';

const SAMPLE_DATE = new Date('2025-01-09T12:00:00Z');

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'examples', 'sample-paper.pdf'));
  const bytes = await makePaperPdf({ ...samplePaperSpec, date: SAMPLE_DATE });
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  console.log(`wrote ${path.relative(process.cwd(), out) || out} (${bytes.length} bytes, sha256 ${sha}…)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
