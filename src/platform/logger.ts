/**
 * The app's one logger: a context label per part, levels, off below `warn` unless the
 * settings ask for more. Callers pass plain words and codes; nothing here ever receives a
 * token, a device code or the client secret.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off'

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 }

let threshold: LogLevel = 'warn'

/** Sets the lowest level that is printed, for every logger. */
export function setLogLevel(level: LogLevel): void {
  threshold = level
}

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** A logger whose lines start with `[context]`; disabled levels cost one comparison. */
export function createLogger(context: string): Logger {
  const emit = (level: Exclude<LogLevel, 'off'>, message: string): void => {
    if (RANK[level] < RANK[threshold]) return
    const line = `[${context}] ${message}`
    if (level === 'error') console.error(line)
    else if (level === 'warn') console.warn(line)
    else console.info(line)
  }

  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  }
}
