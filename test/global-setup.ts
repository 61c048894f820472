/**
 * Tests that start `bin/paperbot.js` run dist/: build it (incrementally) before any test, so they never run a stale
 * build of older sources.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building dist/ failed (see the compiler output above)');
}
