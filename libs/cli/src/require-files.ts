import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Checks that every path given to `flag` is an existing file, so a typo fails at once (exit 2)
 * instead of after a server started. Relative paths are reported absolute, which shows the
 * directory they were resolved against.
 */
export function requireFiles(flag: string, paths: readonly string[]): void {
  for (const path of paths) {
    const absolute = resolve(path);
    if (!existsSync(absolute)) throw new CliError(`--${flag}: ${absolute} not found`);
    if (!statSync(absolute).isFile()) throw new CliError(`--${flag}: ${absolute} is a directory, expected a file`);
  }
}
