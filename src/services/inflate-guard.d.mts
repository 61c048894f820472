/** Types for inflate-guard.mjs (plain JS because it runs inside the PDF worker process). */
export function inflatesTooMuch(bytes: Uint8Array, limits: { perStreamBytes: number; totalBytes: number }): Promise<boolean>;
