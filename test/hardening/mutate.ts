/**
 * Byte-level mutations of a PDF for fuzzing, reproducible from (seed, index) alone: mutant `index` of
 * run `seed` is always the same bytes, so any failure can be replayed on its own. Most papers keep their
 * text in deflated streams, where a raw byte change only breaks decompression; `inStream` changes the
 * inflated bytes instead, so odd operators and odd text reach the parser and everything after it.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** mulberry32: a small, fast PRNG with a 32-bit state; plenty for choosing mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes PDF parsers give meaning to: delimiters, digits, keywords' first letters, NUL and 0xFF. */
const TOKENS = [...'()<>[]{}/%0123456789 \n\rRnjeso'].map((c) => c.charCodeAt(0)).concat([0x00, 0xff, 0x80]);

type Op = (b: Uint8Array, rnd: () => number) => Uint8Array;
const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);
const randomBytes = (rnd: () => number, n: number) => Uint8Array.from({ length: n }, () => int(rnd, 256));
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

export const OPS: Record<string, Op> = {
  flipBit: (b, rnd) => {
    const out = b.slice();
    const i = int(rnd, out.length);
    out[i] = out[i]! ^ (1 << int(rnd, 8));
    return out;
  },
  overwrite: (b, rnd) => {
    const out = b.slice();
    const at = int(rnd, out.length);
    out.set(randomBytes(rnd, 1 + int(rnd, 16)).subarray(0, out.length - at), at);
    return out;
  },
  token: (b, rnd) => {
    const out = b.slice();
    out[int(rnd, out.length)] = TOKENS[int(rnd, TOKENS.length)]!;
    return out;
  },
  digit: (b, rnd) => {
    // Offsets, lengths, object numbers and counts are ASCII digits: change one of them.
    const out = b.slice();
    for (let tries = 0; tries < 64; tries++) {
      const i = int(rnd, out.length);
      if (out[i]! >= 0x30 && out[i]! <= 0x39) {
        out[i] = 0x30 + int(rnd, 10);
        break;
      }
    }
    return out;
  },
  insert: (b, rnd) => {
    const at = int(rnd, b.length + 1);
    return cat(b.subarray(0, at), randomBytes(rnd, 1 + int(rnd, 64)), b.subarray(at));
  },
  remove: (b, rnd) => {
    const at = int(rnd, b.length);
    return cat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(rnd, 256))));
  },
  splice: (b, rnd) => {
    // Copy a chunk of the file over another place: objects land inside streams and the other way round.
    const len = 16 + int(rnd, 4096);
    const from = int(rnd, Math.max(1, b.length - len));
    const to = int(rnd, Math.max(1, b.length - len));
    const out = b.slice();
    out.set(b.subarray(from, from + len), to);
    return out;
  },
  duplicate: (b, rnd) => {
    const len = 16 + int(rnd, 4096);
    const from = int(rnd, Math.max(1, b.length - len));
    const at = int(rnd, b.length + 1);
    return cat(b.subarray(0, at), b.subarray(from, from + len), b.subarray(at));
  },
  truncate: (b, rnd) => b.slice(0, int(rnd, b.length)),
  inStream: (b, rnd) => {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const starts: number[] = [];
    for (let i = buf.indexOf('stream\n'); i !== -1; i = buf.indexOf('stream\n', i + 7)) {
      if (buf[i - 1] !== 0x64 && buf[i + 7] === 0x78) starts.push(i + 7); // not "endstream"; zlib header
    }
    if (starts.length === 0) return OPS.token!(b, rnd);
    const start = starts[int(rnd, starts.length)]!;
    const end = buf.indexOf('endstream', start);
    let plain: Uint8Array;
    try {
      plain = inflateSync(buf.subarray(start, end === -1 ? buf.length : end), { maxOutputLength: 8 * 2 ** 20 });
    } catch {
      return OPS.token!(b, rnd);
    }
    if (plain.length === 0) return b;
    for (let n = 1 + int(rnd, 8); n > 0; n--) plain = OPS[['flipBit', 'overwrite', 'token', 'digit', 'insert', 'remove', 'duplicate'][int(rnd, 7)]!]!(plain, rnd);
    // The stream's /Length is now wrong, as in many real damaged files; readers look for "endstream".
    return cat(b.subarray(0, start), deflateSync(plain), b.subarray(end === -1 ? b.length : end));
  },
};

const NAMES = Object.keys(OPS);
/** Truncation ends most files before any page: keep it rare so the other mutations get tested too. */
const WEIGHTS = NAMES.map((n) => (n === 'truncate' ? 0.25 : 1));
const TOTAL = WEIGHTS.reduce((a, w) => a + w, 0);

function pick(rnd: () => number): string {
  let r = rnd() * TOTAL;
  for (let i = 0; i < NAMES.length; i++) {
    r -= WEIGHTS[i]!;
    if (r < 0) return NAMES[i]!;
  }
  return NAMES[NAMES.length - 1]!;
}

export interface Mutant {
  bytes: Uint8Array;
  /** The operations applied, in order. */
  ops: string[];
}

/** Mutant `index` of run `seed`: one to four operations on a copy of `original`. */
export function mutate(original: Uint8Array, seed: number, index: number): Mutant {
  const rnd = prng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const ops: string[] = [];
  let bytes = original;
  for (let n = 1 + int(rnd, 4); n > 0; n--) {
    const name = pick(rnd);
    ops.push(name);
    bytes = OPS[name]!(bytes, rnd);
  }
  return { bytes, ops };
}
