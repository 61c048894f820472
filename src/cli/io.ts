/** Where a command writes: results to stdout, progress and failures to stderr; the environment it reads. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  env: process.env,
};

/** Bad usage (exit 2): the message is followed by the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
