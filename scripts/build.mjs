// The prepare step (npm ci / npm install run it): compile src/ to dist/. Plain JS so it runs without tsx.
// Where the compiler is gone (an image after `npm prune --omit=dev`), a dist/ that is already there is kept as it is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParserSnapshot } from './build-parser-snapshot.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (existsSync(path.join(root, 'dist', 'cli.js'))) process.exit(0); // the snapshot, if built, is kept with it
  console.error('paperbot: cannot build dist/: TypeScript is not installed (run npm ci without --omit=dev first).');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
const snapshot = await buildParserSnapshot(root);
if (snapshot.startsWith('skipped')) console.error(`paperbot: the parser's start-up snapshot was ${snapshot}\n(the parser starts without it, ~0.1 s slower a paper)`);
