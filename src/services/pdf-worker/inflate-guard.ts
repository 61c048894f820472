// Decompression-bomb check, run in the PDF worker before pdf.js sees the bytes. pdf.js keeps each
// decoded stream whole in one ArrayBuffer, and ArrayBuffers live outside the V8 heap that the
// worker's --max-old-space-size caps: a 4 KiB file whose content stream inflates to gigabytes
// would grow without limit. Here every stream that starts with a zlib header (what pdf.js's
// FlateDecode requires) is inflated with zlib, counting and dropping the output, through nested
// zlib layers (/Filter [/FlateDecode /FlateDecode]), and given up on once over the limits.
// A fast path only: it cannot see other spellings (spaces before the end-of-line, [/ASCIIHexDecode /FlateDecode],
// LZW, run-length under zlib, encrypted streams), which the parent's resident-memory limit stops (../pdf-extractor.ts).
import { constants, createInflate, inflateSync } from 'node:zlib';

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');
/** Nested zlib layers followed; more than pdf.js would ever be asked to undo in a real file. */
const MAX_LAYERS = 4;
/** Streams up to this size are inflated in one synchronous call (most of them); larger or damaged ones are metered. */
const QUICK_BYTES = 16 * 2 ** 20;

export interface InflateLimits {
  /** Most that one stream may inflate to, in bytes. */
  perStreamBytes: number;
  /** Most that all streams together may inflate to, in bytes. */
  totalBytes: number;
}

/** Shared by all streams of one check: the limits, the bytes of the total still allowed, and what to do once over. */
interface MeterContext {
  perStream: number;
  budget: { left: number };
  over: () => void;
}

/** One zlib layer being inflated and counted. */
interface Meter {
  write(chunk: Buffer): void;
  end(): Promise<void>;
  destroy(): void;
}

function isZlibHeader(a: number, b: number): boolean {
  return (a & 0x0f) === 8 && a >> 4 <= 7 && ((a << 8) | b) % 31 === 0 && (b & 0x20) === 0;
}

/** Start offsets of stream data: after the "stream" keyword and its end-of-line, skipping "endstream". */
function* streamStarts(buf: Buffer): Generator<number> {
  for (let i = buf.indexOf(STREAM); i !== -1; i = buf.indexOf(STREAM, i + STREAM.length)) {
    if (i >= 3 && buf[i - 3] === 0x65 && buf[i - 2] === 0x6e && buf[i - 1] === 0x64) continue; // "endstream"
    let s = i + STREAM.length;
    if (buf[s] === 0x0d) s++;
    if (buf[s] === 0x0a) s++;
    if (s + 1 < buf.length && isZlibHeader(buf[s]!, buf[s + 1]!)) yield s;
  }
}

/** Counts what one zlib layer inflates to, feeding the output to a nested meter when it is itself zlib. */
function meter(ctx: MeterContext, layersLeft: number): Meter {
  const z = createInflate({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 16 });
  /** undefined until the first two bytes are seen; null when the output is not zlib. */
  let inner: Meter | null | undefined;
  let head = Buffer.alloc(0);
  let total = 0;
  z.on('data', (chunk: Buffer) => {
    total += chunk.length;
    ctx.budget.left -= chunk.length;
    if (total > ctx.perStream || ctx.budget.left < 0) return ctx.over();
    if (inner === undefined) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 2) return;
      const nested = layersLeft > 0 && isZlibHeader(head[0]!, head[1]!);
      inner = nested ? meter(ctx, layersLeft - 1) : null;
      inner?.write(head);
      return;
    }
    inner?.write(chunk);
  });
  z.on('error', () => {}); // a damaged stream is for pdf.js to judge; only sizes matter here
  const closed = new Promise<void>((resolve) => z.once('close', resolve));
  return {
    write: (chunk) => void z.write(chunk),
    end: async () => {
      z.end();
      await closed;
      await inner?.end();
    },
    destroy: () => {
      z.destroy();
      inner?.destroy();
    },
  };
}

/**
 * One synchronous inflate per layer, for the common small, intact stream: 'ok', 'over', or 'slow' when the
 * stream is large or damaged (a damaged stream loses its output here, yet pdf.js decodes up to the damage).
 */
function quick(data: Buffer, ctx: Pick<MeterContext, 'perStream' | 'budget'>, layersLeft: number): 'ok' | 'over' | 'slow' {
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: Math.min(QUICK_BYTES, ctx.perStream + 1), finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return 'slow';
  }
  if (out.length > ctx.perStream) return 'over';
  ctx.budget.left -= out.length;
  if (ctx.budget.left < 0) return 'over';
  const nested = layersLeft > 0 && out.length >= 2 && isZlibHeader(out[0]!, out[1]!);
  return nested ? quick(out, ctx, layersLeft - 1) : 'ok';
}

/**
 * Resolves to true when some zlib stream in `bytes` inflates to more than `perStreamBytes`, or all of
 * them together to more than `totalBytes`.
 */
export async function inflatesTooMuch(bytes: Uint8Array, limits: InflateLimits): Promise<boolean> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let tooMuch = false;
  let current: Meter | null = null;
  const ctx: MeterContext = {
    perStream: limits.perStreamBytes,
    budget: { left: limits.totalBytes },
    over: () => {
      tooMuch = true;
      current?.destroy();
    },
  };
  for (const start of streamStarts(buf)) {
    const end = buf.indexOf(END, start);
    const data = buf.subarray(start, end === -1 ? buf.length : end);
    const before = ctx.budget.left;
    const verdict = quick(data, ctx, MAX_LAYERS - 1);
    if (verdict === 'over') return true;
    if (verdict === 'ok') continue;
    ctx.budget.left = before; // the meter counts this stream again, from the start
    current = meter(ctx, MAX_LAYERS - 1);
    current.write(data);
    await current.end();
    if (tooMuch) return true;
  }
  return false;
}
