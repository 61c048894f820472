// The parser child's start-up snapshot (src/services/pdf-worker/snapshot.ts), made after tsc by build.mjs: bundled into
// one script by esbuild (a snapshot's script can require only node's own modules), run under `node --build-snapshot`,
// checked to start, and written with its manifest to dist/parser-snapshot/. Skipped when nothing it depends on changed.
// Without esbuild (an image after `npm prune --omit=dev`) the snapshot already there is kept; without one at all the
// child starts plain node, only slower.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Node 20's V8 adds the change-array-by-copy methods (Array.prototype.toReversed and others) again to a context that
 * starts from a snapshot, and stops with a failed check when pdf.js's bundled core-js has redefined them; without these
 * methods core-js's own versions are used. Only passed where this node knows the flag (later ones have dropped it).
 */
const CANDIDATE_FLAGS = ['--no-harmony-change-array-by-copy'];

export async function buildParserSnapshot(root) {
  const dist = path.join(root, 'dist');
  const outDir = path.join(dist, 'parser-snapshot');
  const requireHere = createRequire(path.join(root, 'package.json'));
  let esbuild;
  try {
    esbuild = requireHere('esbuild');
  } catch {
    return existsSync(path.join(outDir, 'parser.blob')) ? 'kept' : 'skipped: esbuild is not installed';
  }
  const { workerLaunch } = await import(pathToFileURL(path.join(dist, 'services', 'pdf-worker-launch.js')).href);
  const { DEFAULTS } = await import(pathToFileURL(path.join(dist, 'config-defaults.js')).href);
  // The default launch: what a child is started with unless PARSE_MAX_MEMORY_MB is changed.
  const launchArgv = workerLaunch({ maxResidentMb: DEFAULTS.PARSE_MAX_MEMORY_MB }).execArgv;
  const flags = CANDIDATE_FLAGS.filter((f) => spawnSync(process.execPath, [f, '-e', '0']).status === 0);
  const nodeArgs = [...flags, ...launchArgv];

  const workerDir = path.join(dist, 'services', 'pdf-worker');
  const fromPdfParse = createRequire(requireHere.resolve('pdf-parse'));
  const versions = [requireHere.resolve('pdf-parse'), fromPdfParse.resolve('pdfjs-dist/legacy/build/pdf.mjs'), fromPdfParse.resolve('@napi-rs/canvas')].map(packageOf);
  const hash = createHash('sha256')
    .update(JSON.stringify({ node: process.version, nodeArgs, versions, esbuild: esbuild.version }))
    .update(JSON.stringify(readdirSync(workerDir).filter((f) => f.endsWith('.js')).sort().map((f) => [f, readFileSync(path.join(workerDir, f), 'utf8')])))
    .digest('hex');
  const manifestPath = path.join(outDir, 'manifest.json');
  if (existsSync(manifestPath) && existsSync(path.join(outDir, 'parser.blob')) && JSON.parse(readFileSync(manifestPath, 'utf8')).hash === hash) return 'up to date';

  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const bundle = path.join(tmp, 'snapshot.cjs');
    await esbuild.build({
      entryPoints: [path.join(workerDir, 'snapshot.js')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      logLevel: 'error',
      legalComments: 'none',
      // pdf.js finds the canvas package (and emscripten its files) from its own file's URL, set as the child starts.
      define: { 'import.meta.url': 'globalThis.__paperbotSnapshot.pdfjsUrl' },
      plugins: [runtimeRequire(/^tesseract\.js$/)],
    });
    const blob = path.join(tmp, 'parser.blob');
    const built = spawnSync(process.execPath, [...nodeArgs, '--snapshot-blob', blob, '--build-snapshot', bundle], { encoding: 'utf8' });
    // pdf.js warns as it loads that it cannot polyfill from the canvas package: the child sets those up as it starts.
    if (built.status !== 0) throw new Error(`node --build-snapshot failed (${built.status ?? built.signal}):\n${built.stderr}${built.stdout}`);
    const check = spawnSync(process.execPath, [...nodeArgs, '--snapshot-blob', blob, 'check-start'], { encoding: 'utf8' });
    if (check.stdout.trim() !== 'ok') throw new Error(`the snapshot does not start (${check.status ?? check.signal}):\n${check.stderr.slice(0, 2000)}`);
    rmSync(bundle);
    const manifest = { hash, node: process.version, v8: process.versions.v8, arch: process.arch, platform: process.platform, launchArgv, nodeArgs };
    writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
    return 'built';
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    // Another build (a second test run) put the same snapshot there first.
    if (existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, 'utf8')).hash === hash) return 'up to date';
    // A snapshot left from before would no longer match the worker's code.
    rmSync(outDir, { recursive: true, force: true });
    return `skipped: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** name@version of the package a resolved file belongs to (not every package exports its package.json). */
function packageOf(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const { name, version } = JSON.parse(readFileSync(pkg, 'utf8'));
    if (name && version) return `${name}@${version}`;
  }
  return file;
}

/** Packages the child loads only when it needs them (tesseract.js for OCR): required at that time, from paperbot's folder. */
function runtimeRequire(filter) {
  return {
    name: 'runtime-require',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'runtime-require' }));
      build.onLoad({ filter: /.*/, namespace: 'runtime-require' }, (args) => ({
        contents: `module.exports = globalThis.__paperbotSnapshot.require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}
