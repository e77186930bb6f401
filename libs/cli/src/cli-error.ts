/**
 * Bad command-line input (exit code 2): `message` is one line naming the flag, what was found
 * and what to do instead.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}
