/** A minimal leveled logger writing to stderr (stdout stays free for results); platform-neutral. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof ORDER)[number];

/** Maps the contract's LOG_LEVEL (pino names) onto four levels; 'silent' logs nothing. */
export function createLog(name: string, level = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Log {
  const min: Level | null =
    level === 'silent' ? null : level === 'debug' || level === 'trace' ? 'debug' : level === 'warn' ? 'warn' : level === 'error' || level === 'fatal' ? 'error' : 'info';
  const emit = (lvl: Level) => (message: string) => {
    if (min === null || ORDER.indexOf(lvl) < ORDER.indexOf(min)) return;
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${name} ${message}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
