/** Discord's leveled log (platform-neutral): a child of the process's pino logger, named after its adapter. */
import type { Logger } from './logger.ts';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLog(parent: Logger, name: string): Log {
  const log = parent.child({ name });
  return {
    debug: (m) => log.debug(m),
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
}
