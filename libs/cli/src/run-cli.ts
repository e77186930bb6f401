import type { z } from 'zod';
import type { CliInfo } from './cli-info.js';
import { CliError, parseCli } from './parse-cli.js';

/**
 * Parses argv for a program's main: prints --help and exits 0, or prints the one-line error
 * and exits 2 on bad input; otherwise returns the validated config.
 */
export function configFromArgv<S extends z.AnyZodObject>(schema: S, argv: readonly string[], info: CliInfo): z.infer<S> {
  return configAndPositionalsFromArgv(schema, argv, info).config;
}

/** As configFromArgv, also returning the positional arguments named in `info.positionals`. */
export function configAndPositionalsFromArgv<S extends z.AnyZodObject>(
  schema: S,
  argv: readonly string[],
  info: CliInfo,
): { config: z.infer<S>; positionals: readonly string[] } {
  try {
    const result = parseCli(schema, argv, info);
    if (result.kind === 'help') {
      process.stdout.write(`${result.text}\n`);
      process.exit(0);
    }
    return { config: result.config, positionals: result.positionals };
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${info.command}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
