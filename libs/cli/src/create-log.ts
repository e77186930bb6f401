/** Structured context appended to a log line as JSON. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * A log function that prefixes lines with the elapsed time and a component name. It also has
 * `info`/`warn`/`error` methods, so it serves wherever a library asks for a leveled logger
 * (e.g. `@rlpd/transport`).
 */
export interface Log {
  (message: string): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Logs to stderr so stdout stays free for machine-readable output (the final JSON line). */
export function createLog(component: string, startedAt = Date.now()): Log {
  const write = (level: string, message: string, fields?: LogFields): void => {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(7);
    const context = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    process.stderr.write(`[${seconds}s ${component}]${level} ${message}${context}\n`);
  };
  const log = ((message: string) => write('', message)) as Log;
  log.info = (message, fields) => write('', message, fields);
  log.warn = (message, fields) => write(' warning:', message, fields);
  log.error = (message, fields) => write(' error:', message, fields);
  return log;
}
