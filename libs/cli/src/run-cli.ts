import type { z } from 'zod';
import { CliError } from './cli-error.js';
import type { CliInfo } from './cli-info.js';
import { parseCli } from './parse-cli.js';

/**
 * Checks of a parsed config that need the outside world (a file exists, an output would be
 * overwritten); throwing a CliError reports it like a bad flag.
 */
export type ConfigCheck<T> = (config: T, positionals: readonly string[]) => void;

/**
 * Parses argv for a program's main: prints --help and exits 0, or prints the one-line error
 * and exits 2 on bad input (including a CliError from `check`); otherwise returns the
 * validated config.
 */
export function configFromArgv<S extends z.AnyZodObject>(schema: S, argv: readonly string[], info: CliInfo, check?: ConfigCheck<z.infer<S>>): z.infer<S> {
  return configAndPositionalsFromArgv(schema, argv, info, check).config;
}

/** As configFromArgv, also returning the positional arguments named in `info.positionals`. */
export function configAndPositionalsFromArgv<S extends z.AnyZodObject>(
  schema: S,
  argv: readonly string[],
  info: CliInfo,
  check?: ConfigCheck<z.infer<S>>,
): { config: z.infer<S>; positionals: readonly string[] } {
  try {
    const result = parseCli(schema, argv, info);
    if (result.kind === 'help') {
      process.stdout.write(`${result.text}\n`);
      process.exit(0);
    }
    check?.(result.config, result.positionals);
    return { config: result.config, positionals: result.positionals };
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${info.command}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
