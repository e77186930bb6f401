/** Where the transport reports refusals, reconnects and failures. Fields are structured context. */
export interface TransportLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Default logger: one line per event on stderr via `console`. */
export const consoleLogger: TransportLogger = {
  info: (message, fields) => console.info(`[transport] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[transport] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[transport] ${message}`, fields ?? ''),
};

/** Logger that drops info and keeps warnings and errors (for tests and quiet tools). */
export const quietLogger: TransportLogger = {
  info: () => undefined,
  warn: consoleLogger.warn,
  error: consoleLogger.error,
};
