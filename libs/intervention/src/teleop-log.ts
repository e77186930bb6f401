/** Where teleoperation code reports device trouble; `@rlpd/cli`'s Log fits. */
export interface TeleopLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes to stderr, keeping stdout free for machine-readable output. */
export const stderrLog: TeleopLog = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message) => process.stderr.write(`error: ${message}\n`),
};
