/** Bolt's Logger on top of the shared logger (stderr, secrets redacted: see ../common/logger.ts). */
import { LogLevel, type Logger } from '@slack/bolt';
import { createLogger, type Level } from '../common/logger.ts';

const TO_BOLT: Record<Level, LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

/** Maps the contract's LOG_LEVEL (pino names) to Bolt's levels; 'silent' logs nothing. `secrets`: see secretsOf. */
export function createStderrLogger(
  level: string = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  secrets: readonly string[] = [],
): Logger {
  const logger = createLogger({ name: 'paperbot:slack', level, write, secrets });
  // Bolt calls setLevel(getLevel()) when it starts: a silent logger must stay silent.
  const silent = level === 'silent';
  return {
    debug: logger.debug,
    info: logger.info,
    warn: logger.warn,
    error: logger.error,
    setLevel: (l) => void (silent || logger.setLevel(l)),
    getLevel: () => TO_BOLT[logger.level() ?? 'info'],
    setName: (n) => logger.setName(n),
  };
}
