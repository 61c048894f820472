/**
 * `npm run check:image`: what the Dockerfile's image would do, checked without a container engine (none runs here).
 * The Dockerfile's own steps are followed in clean folders: the build stage's COPY and `npm …` RUN lines (a fresh
 * install from the registry, the compile in `prepare`, the prune), then the runtime stage's COPY lines. The result must
 * hold no dev dependencies, answer `--help`, summarize the sample paper, and serve /healthz. compose.yaml must parse
 * and run the same commands as the Procfile. Kept out of `npm test`: it installs from scratch (minutes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
};

interface Stage {
  workdir: string;
  steps: Array<{ kind: 'copy'; from: string | null; src: string; dest: string } | { kind: 'run'; cmd: string }>;
  entrypoint: string[];
  cmd: string[];
}

/** The Dockerfile's stages: COPY, RUN, WORKDIR, ENTRYPOINT and CMD lines (continuations joined). */
function readDockerfile(): Stage[] {
  const text = readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const stages: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [word = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (word === 'FROM') stages.push({ workdir: '/', steps: [], entrypoint: [], cmd: [] });
    const stage = stages.at(-1);
    if (!stage) continue;
    if (word === 'WORKDIR') stage.workdir = args;
    if (word === 'RUN') stage.steps.push({ kind: 'run', cmd: args });
    if (word === 'ENTRYPOINT') stage.entrypoint = JSON.parse(args) as string[];
    if (word === 'CMD') stage.cmd = JSON.parse(args) as string[];
    if (word === 'COPY') {
      const from = /--from=(\S+)/.exec(args)?.[1] ?? null;
      const paths = args.split(/\s+/).filter((a) => !a.startsWith('--'));
      const dest = paths.pop()!;
      for (const src of paths) stage.steps.push({ kind: 'copy', from, src, dest });
    }
  }
  return stages;
}

function run(cmd: string, cwd: string): void {
  console.log(`  $ ${cmd}`);
  const r = spawnSync('bash', ['-c', cmd], { cwd, stdio: 'inherit', env: { ...process.env, CI: '' } });
  if (r.status !== 0) throw new Error(`"${cmd}" failed with exit ${r.status}`);
}

/** Follows one stage in `dir` (its WORKDIR); `/app/...` of an earlier stage is `buildDir/...`. */
function follow(stage: Stage, dir: string, buildDir: string | null): void {
  const inside = (p: string, base: string) => path.join(base, path.relative(stage.workdir, path.resolve(stage.workdir, p)));
  for (const step of stage.steps) {
    if (step.kind === 'run') {
      // Only the npm steps: system packages (apt-get) and folder set-up are the image's own business.
      for (const part of step.cmd.split('&&').map((s) => s.trim())) if (part.startsWith('npm ')) run(part, dir);
      continue;
    }
    const source = step.from ? path.join(buildDir!, path.relative(stage.workdir, step.src)) : path.join(root, step.src);
    // A destination ending in / is a folder the source goes into (`COPY a b scripts/`).
    const target = step.dest.endsWith('/') || step.dest === '.' ? path.join(inside(step.dest, dir), path.basename(step.src)) : inside(step.dest, dir);
    cpSync(source, target, { recursive: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function healthz(image: string, entry: string[]): Promise<void> {
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', PORT: String(port), REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `check-image-${port}`, DISCORD_TOKEN: 'not-a-real-token', CACHE_URL: 'memory:' };
  // `worker` needs no chat connection to start: it serves /healthz on PORT and waits for jobs (Redis must be up).
  const child = spawn(entry[0]!, [...entry.slice(1), 'worker'], { cwd: image, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const until = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    check(status === 200, `the image's worker answers GET /healthz (${status || 'no answer'})${status === 200 ? '' : `\n${stderr}`}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
}

function checkCompose(): void {
  const compose = parseYaml(readFileSync(path.join(root, 'compose.yaml'), 'utf8')) as { services?: Record<string, { command?: string[]; build?: unknown; image?: string }> };
  const procfile = Object.fromEntries(
    readFileSync(path.join(root, 'Procfile'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const ours = Object.entries(compose.services ?? {}).filter(([, s]) => s.build !== undefined);
  const commands = ours.map(([, s]) => `node bin/paperbot.js ${(s.command ?? []).join(' ')}`).sort();
  check(ours.length > 0, `compose.yaml parses (${Object.keys(compose.services ?? {}).join(', ')})`);
  check(JSON.stringify(commands) === JSON.stringify(Object.values(procfile).sort()), `compose.yaml runs what the Procfile runs: ${commands.join(' | ')}`);
  check(Object.values(compose.services ?? {}).some((s) => s.image?.startsWith('redis')), 'compose.yaml has a Redis service');
}

async function main(): Promise<void> {
  checkCompose();
  const [build, runtime] = readDockerfile();
  if (!build || !runtime) throw new Error('the Dockerfile needs a build stage and a runtime stage');
  const work = mkdtempSync(path.join(os.tmpdir(), 'paperbot-image-'));
  const buildDir = path.join(work, 'build');
  const image = path.join(work, 'image');
  try {
    console.log(`build stage in ${buildDir}`);
    follow(build, buildDir, null);
    check(existsSync(path.join(buildDir, 'dist', 'cli.js')), 'the build stage compiled dist/');
    console.log(`runtime stage in ${image}`);
    follow(runtime, image, buildDir);
    check(existsSync(path.join(image, 'dist', 'parser-snapshot', 'parser.blob')), "the image holds the parser's start-up snapshot, built before the prune");
    for (const dev of ['typescript', 'tsx', 'vitest', 'vite', 'esbuild']) check(!existsSync(path.join(image, 'node_modules', dev)), `no dev dependency ${dev} in the image`);
    const entry = runtime.entrypoint.map((a) => (a === 'node' ? process.execPath : a));
    const help = spawnSync(entry[0]!, [...entry.slice(1), '--help'], { cwd: image, encoding: 'utf8' });
    check(help.status === 0 && help.stdout.includes('paperbot serve'), 'the image answers --help');
    const sample = path.join(root, 'examples', 'sample-paper.pdf');
    const summary = spawnSync(entry[0]!, [...entry.slice(1), 'summarize', '--json', sample], { cwd: image, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CACHE_URL: 'memory:' } });
    const ok = summary.status === 0 && (JSON.parse(summary.stdout || '{}') as { ok?: boolean }).ok === true;
    check(ok, `the image summarizes the sample paper (PDF parser, prompts, cache)${ok ? '' : `\n${summary.stderr}`}`);
    check(runtime.cmd.join(' ') === 'serve', `the image's default command is serve (${runtime.cmd.join(' ')})`);
    await healthz(image, entry);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(problems.length ? `\n${problems.length} problem(s)` : '\nthe image checks out');
  process.exitCode = problems.length ? 1 : 0;
}

await main();
