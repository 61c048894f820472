/** A Bolt-compatible logger that writes to stderr (stdout stays free for results). */
import { LogLevel, type Logger } from '@slack/bolt';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Maps the contract's LOG_LEVEL (pino names) to Bolt's levels; 'silent' logs nothing. */
export function createStderrLogger(level: string = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  let name = 'paperbot:slack';
  const silent = level === 'silent';
  let current: LogLevel =
    level === 'debug' || level === 'trace' ? LogLevel.DEBUG : level === 'warn' ? LogLevel.WARN : level === 'error' || level === 'fatal' ? LogLevel.ERROR : LogLevel.INFO;
  const emit = (lvl: LogLevel, msg: unknown[]) => {
    if (silent || ORDER.indexOf(lvl) < ORDER.indexOf(current)) return;
    const text = msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${name} ${text}`);
  };
  return {
    debug: (...m) => emit(LogLevel.DEBUG, m),
    info: (...m) => emit(LogLevel.INFO, m),
    warn: (...m) => emit(LogLevel.WARN, m),
    error: (...m) => emit(LogLevel.ERROR, m),
    setLevel: (l) => void (current = l),
    getLevel: () => current,
    setName: (n) => void (name = n),
  };
}
