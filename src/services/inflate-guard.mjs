// @ts-check
// Decompression-bomb check, run in the PDF worker before pdf.js sees the bytes. pdf.js keeps each
// decoded stream whole in one ArrayBuffer, and ArrayBuffers live outside the V8 heap that the
// worker's --max-old-space-size caps: a 4 KiB file whose content stream inflates to gigabytes
// would grow without limit. Here every stream that starts with a zlib header (what pdf.js's
// FlateDecode requires) is inflated with zlib, counting and dropping the output, through nested
// zlib layers (/Filter [/FlateDecode /FlateDecode]), and given up on once over the limits.
import { constants, createInflate, inflateSync } from 'node:zlib';

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');
/** Nested zlib layers followed; more than pdf.js would ever be asked to undo in a real file. */
const MAX_LAYERS = 4;
/** Streams up to this size are inflated in one synchronous call (most of them); larger or damaged ones are metered. */
const QUICK_BYTES = 16 * 2 ** 20;

/** @param {number} a @param {number} b */
function isZlibHeader(a, b) {
  return (a & 0x0f) === 8 && a >> 4 <= 7 && ((a << 8) | b) % 31 === 0 && (b & 0x20) === 0;
}

/** Start offsets of stream data: after the "stream" keyword and its end-of-line, skipping "endstream". @param {Buffer} buf */
function* streamStarts(buf) {
  for (let i = buf.indexOf(STREAM); i !== -1; i = buf.indexOf(STREAM, i + STREAM.length)) {
    if (i >= 3 && buf[i - 3] === 0x65 && buf[i - 2] === 0x6e && buf[i - 1] === 0x64) continue; // "endstream"
    let s = i + STREAM.length;
    if (buf[s] === 0x0d) s++;
    if (buf[s] === 0x0a) s++;
    if (s + 1 < buf.length && isZlibHeader(/** @type {number} */ (buf[s]), /** @type {number} */ (buf[s + 1]))) yield s;
  }
}

/**
 * Counts what one zlib layer inflates to, feeding the output to a nested meter when it is itself zlib.
 * @param {{ perStream: number, budget: { left: number }, over: () => void }} ctx
 * @param {number} layersLeft
 * @returns {{ write(chunk: Buffer): void, end(): Promise<void>, destroy(): void }}
 */
function meter(ctx, layersLeft) {
  const z = createInflate({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 16 });
  /** @type {ReturnType<typeof meter> | null | undefined} undefined until the first two bytes are seen */
  let inner;
  let head = Buffer.alloc(0);
  let total = 0;
  z.on('data', (/** @type {Buffer} */ chunk) => {
    total += chunk.length;
    ctx.budget.left -= chunk.length;
    if (total > ctx.perStream || ctx.budget.left < 0) return ctx.over();
    if (inner === undefined) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 2) return;
      const nested = layersLeft > 0 && isZlibHeader(/** @type {number} */ (head[0]), /** @type {number} */ (head[1]));
      inner = nested ? meter(ctx, layersLeft - 1) : null;
      inner?.write(head);
      return;
    }
    inner?.write(chunk);
  });
  z.on('error', () => {}); // a damaged stream is for pdf.js to judge; only sizes matter here
  const closed = new Promise((resolve) => z.once('close', resolve));
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
 * @param {Buffer} data @param {{ perStream: number, budget: { left: number } }} ctx @param {number} layersLeft
 * @returns {'ok' | 'over' | 'slow'}
 */
function quick(data, ctx, layersLeft) {
  let out;
  try {
    out = inflateSync(data, { maxOutputLength: Math.min(QUICK_BYTES, ctx.perStream + 1), finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return 'slow';
  }
  if (out.length > ctx.perStream) return 'over';
  ctx.budget.left -= out.length;
  if (ctx.budget.left < 0) return 'over';
  const nested = layersLeft > 0 && out.length >= 2 && isZlibHeader(/** @type {number} */ (out[0]), /** @type {number} */ (out[1]));
  return nested ? quick(out, ctx, layersLeft - 1) : 'ok';
}

/**
 * Resolves to true when some zlib stream in `bytes` inflates to more than `perStreamBytes`, or all of
 * them together to more than `totalBytes`.
 * @param {Uint8Array} bytes @param {{ perStreamBytes: number, totalBytes: number }} limits
 */
export async function inflatesTooMuch(bytes, limits) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let tooMuch = false;
  /** @type {ReturnType<typeof meter> | null} */
  let current = null;
  const ctx = {
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
