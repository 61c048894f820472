// Where the parser child's code is, and the environment it starts with.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The parser child's entry file. The child always runs on plain node with only the heap cap, from source as in production.
 * Compiled (dist/: tsc's rewriteRelativeImportExtensions made this module .js) it is ./pdf-worker/worker.js beside it.
 * From source (vitest, tsx: this module is itself a .ts file) the folder's .ts files are first transpiled by TypeScript
 * (a devDependency) as the build emits them, into node_modules/.cache where the worker's package imports resolve, once
 * per version of their text. Not `node --import tsx`: tsx's loader also rewrites pdf.js's large modules with inline source
 * maps, which took a child from 0.6 s to ~3 s for a 5-page paper and out of memory under a 192 MB heap cap (the loader
 * thread alone under 96 MB), so the caps and timeouts under test would have measured tsx rather than the parser.
 * The worker may import only types from outside its folder: the transpiled copy holds that folder alone.
 */
export function workerEntry(): string {
  if (!import.meta.url.endsWith('.ts')) return fileURLToPath(new URL('./pdf-worker/worker.js', import.meta.url));
  const srcDir = fileURLToPath(new URL('./pdf-worker/', import.meta.url));
  const sources = readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => ({ f, text: readFileSync(path.join(srcDir, f), 'utf8') }));
  const hash = createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 16);
  const outDir = fileURLToPath(new URL(`../../node_modules/.cache/paperbot-pdf-worker/${hash}`, import.meta.url));
  if (!existsSync(path.join(outDir, 'worker.js'))) {
    const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
    const compilerOptions = { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, rewriteRelativeImportExtensions: true };
    // Written aside and renamed into place, so a concurrent test process never sees half of it.
    const tmp = `${outDir}.${process.pid}.tmp`;
    mkdirSync(tmp, { recursive: true });
    // node looks for a package.json no further up than node_modules: this one makes the .js files ESM.
    writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module" }\n');
    for (const { f, text } of sources) {
      writeFileSync(path.join(tmp, f.replace(/\.ts$/, '.js')), ts.transpileModule(text, { fileName: f, compilerOptions }).outputText);
    }
    try {
      renameSync(tmp, outDir);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(path.join(outDir, 'worker.js'))) throw err; // else another process put the same files there first
    }
  }
  return path.join(outDir, 'worker.js');
}

/**
 * The child's environment: nothing of the parent's (API keys, chat tokens, NODE_OPTIONS). It runs plain node
 * on a file path and reads no variables; Windows cannot start a process without SystemRoot.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const systemRoot = process.env.SystemRoot ?? process.env.SYSTEMROOT;
  return process.platform === 'win32' && systemRoot ? { SystemRoot: systemRoot } : {};
}

