/** Where a command writes: results to stdout, progress and failures to stderr; the environment it reads. */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (a person watches): `summarize` then prints the summary as the model writes it. */
  stdoutIsTerminal?: boolean;
}

export const processIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  stdoutIsTerminal: process.stdout.isTTY === true,
};

/** Bad usage (exit 2): the message is followed by the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
