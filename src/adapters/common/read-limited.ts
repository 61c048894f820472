/** Reads a download's body but stops, and says too_large, as soon as it passes the limit (a lying size header is no help). */
import { PaperError } from '../../core/errors.ts';

export async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new PaperError('too_large', { sizeBytes: total, limitBytes: maxBytes });
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
