import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Output files a person made (hand-recorded demos) must not vanish in one keystroke: an
 * existing `--<flag>` file is refused unless `force` (`--force`) is set.
 */
export function refuseOverwrite(flag: string, path: string, force: boolean): void {
  const absolute = resolve(path);
  if (!force && existsSync(absolute)) {
    throw new CliError(`--${flag}: ${absolute} already exists; choose another --${flag}, or pass --force to overwrite it`);
  }
}
