import { CliError } from '../cli-error.js';
import { closestFlag } from './closest-flag.js';

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Prepares argv for `util.parseArgs`: a negative number after a flag that takes a value
 * (`--seed -5`) becomes `--seed=-5` instead of parseArgs' "argument is ambiguous", and an
 * unknown flag fails naming the closest known one (`--batch_size` -> `--batch-size`).
 * `takesValue` lists the flags that take a value; `known` every accepted flag name.
 */
export function normalizeArgv(argv: readonly string[], takesValue: ReadonlySet<string>, known: readonly string[], command: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith('--')) {
      out.push(token);
      continue;
    }
    const name = token.slice(2).split('=')[0];
    if (!known.includes(name)) {
      const guess = closestFlag(name, known);
      const hint = guess ? `did you mean --${guess}?` : `see ${command} --help for the flags`;
      throw new CliError(`unknown flag --${name}; ${hint}`);
    }
    const next = argv[i + 1];
    if (takesValue.has(name) && !token.includes('=') && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${token}=${next}`);
      i += 1;
    } else {
      out.push(token);
    }
  }
  return out;
}
