/**
 * The real `paperbot summarize` process streaming to a terminal: under a pseudo-terminal (`script` from util-linux)
 * the summary's lines appear while the model is still writing, and the whole output is the unstreamed text; piped,
 * nothing is streamed and stdout is exactly what it always was.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.ts';
import { goodReply } from '../helpers/model-replies.ts';
import { BIN, REPO_ROOT, cleanEnv, runCli, tempDir } from '../helpers/run-cli.ts';

const SAMPLE = path.join(REPO_ROOT, 'examples', 'sample-paper.pdf');

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasScript) console.warn('[paperbot tests] NOTE: `script` (util-linux) not found; the pseudo-terminal test is skipped.');

interface PtyRun {
  code: number | null;
  /** Everything the terminal showed (stdout and stderr), with \r\n as \n. */
  output: string;
}

/** `paperbot args` under a pseudo-terminal; `onOutput` sees the terminal's text as it grows. */
function runInTerminal(args: string[], env: Record<string, string>, onOutput: (soFar: string) => void): Promise<PtyRun> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: tempDir(), env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString('utf8').replaceAll('\r\n', '\n');
      onOutput(output);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`paperbot under script did not finish in time\n${output}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('summarize to a terminal streams; piped output is unchanged', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi((req) => ({ reply: goodReply(req) }));
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.streaming = { chunkChars: 6, paceMs: 5, usage: true };
  });
  const env = (extra: Record<string, string> = {}) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model', CACHE_URL: 'memory:', ...extra });

  it('piped: no stream request, and stdout is byte for byte what STREAMING=off prints', async () => {
    const piped = await runCli(['summarize', SAMPLE], { env: env() });
    expect(piped.code).toBe(0);
    expect(fake.requests.map((r) => r.body.stream ?? false)).toEqual([false]);
    const off = await runCli(['summarize', SAMPLE], { env: env({ STREAMING: 'off' }) });
    expect(off.stdout).toBe(piped.stdout);
    expect(piped.stdout).toMatch(/^1\. 标题: 关于论文的中文标题 \(.+\)\n2\. 作者: .+\n[\s\S]*\n {2}\(4\): 在 benchmark 上 F1 提高 4\.2，支持其目标。\n$/);
    const json = await runCli(['summarize', '--json', SAMPLE], { env: env() });
    expect(JSON.parse(json.stdout).title).toBe('关于论文的中文标题');
    expect(fake.requests.every((r) => r.body.stream === undefined)).toBe(true);
  });

  it.skipIf(!hasScript)('in a terminal: the finished items show while the model still writes, then the same text as piped', async () => {
    const piped = await runCli(['summarize', SAMPLE], { env: env() });
    fake.requests.length = 0;
    // The model holds its last piece back until the terminal shows point (3): proof that lines came before the end.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let shownBeforeEnd = '';
    const giveUp = setTimeout(() => release(), 30_000);
    fake.streaming.beforeChunk = (i, total) => (i === total - 1 ? released : Promise.resolve());
    const run = await runInTerminal(['summarize', SAMPLE], env(), (soFar) => {
      if (!shownBeforeEnd && soFar.includes('  (3): ')) {
        shownBeforeEnd = soFar;
        release();
      }
    });
    clearTimeout(giveUp);
    expect(run.code).toBe(0);
    expect(fake.requests[0]!.body.stream).toBe(true);
    expect(shownBeforeEnd).toContain('1. 标题: 关于论文的中文标题');
    expect(shownBeforeEnd).not.toContain('  (4): ');
    expect(shownBeforeEnd).not.toContain('done in');
    // stdout and stderr share the terminal: without the progress lines, it is exactly the piped text.
    const stdoutLines = run.output
      .split('\n')
      .filter((l) => !l.startsWith(`${SAMPLE}: `))
      .join('\n');
    expect(stdoutLines).toBe(piped.stdout);
  });
});
