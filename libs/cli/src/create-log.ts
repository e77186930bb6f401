/** A log function that prefixes lines with the elapsed time and a component name. */
export type Log = (message: string) => void;

/** Logs to stderr so stdout stays free for machine-readable output (the final JSON line). */
export function createLog(component: string, startedAt = Date.now()): Log {
  return (message) => {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(7);
    process.stderr.write(`[${seconds}s ${component}] ${message}\n`);
  };
}
