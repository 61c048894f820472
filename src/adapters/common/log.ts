/** A minimal leveled logger writing to stderr (stdout stays free for results); platform-neutral, secrets redacted. */
import { createLogger } from './logger.ts';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Maps the contract's LOG_LEVEL (pino names) onto four levels; 'silent' logs nothing. `secrets`: see secretsOf. */
export function createLog(
  name: string,
  level = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  secrets: readonly string[] = [],
): Log {
  const logger = createLogger({ name, level, write, secrets });
  return { debug: logger.debug, info: logger.info, warn: logger.warn, error: logger.error };
}
