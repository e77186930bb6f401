import { parseArgs } from 'node:util';
import { type z } from 'zod';
import { CliError } from './cli-error.js';
import type { CliInfo } from './cli-info.js';
import { describeField, listAcceptsCommas, toFlagName, type FieldInfo } from './internal/field-kind.js';
import { normalizeArgv } from './internal/normalize-argv.js';
import { formatHelp } from './format-help.js';

export type ParseResult<T> =
  { readonly kind: 'help'; readonly text: string } | { readonly kind: 'config'; readonly config: T; readonly positionals: readonly string[] };

/**
 * Parses argv against one zod object schema, which is the single source of truth for flags,
 * types, defaults and help text: each key `fooBar` is the flag `--foo-bar`, `.describe()`
 * is its help, `.default()` its default. Booleans also take `--no-foo-bar`; arrays repeat
 * (number and choice lists also take `256,256`).
 */
export function parseCli<S extends z.AnyZodObject>(schema: S, argv: readonly string[], info: CliInfo): ParseResult<z.infer<S>> {
  const fields = new Map<string, { key: string; field: FieldInfo }>();
  for (const [key, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
    fields.set(toFlagName(key), { key, field: describeField(fieldSchema) });
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    return {
      kind: 'help',
      text: formatHelp(
        info,
        [...fields].map(([flag, { field }]) => ({ flag, field })),
      ),
    };
  }
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  const takesValue = new Set<string>();
  for (const [flag, { field }] of fields) {
    if (field.kind === 'boolean') {
      options[flag] = { type: 'boolean' };
      options[`no-${flag}`] = { type: 'boolean' };
    } else {
      options[flag] = { type: 'string', multiple: field.kind.endsWith('-list') };
      takesValue.add(flag);
    }
  }
  const args = normalizeArgv(argv, takesValue, [...Object.keys(options), 'help'], info.command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: (info.positionals ?? []).length > 0 });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new CliError(`${text.split('\n')[0]} (see ${info.command} --help)`);
  }
  const raw: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(parsed.values)) {
    const negated = flag.startsWith('no-') && !fields.has(flag);
    const name = negated ? flag.slice(3) : flag;
    const entry = fields.get(name);
    if (!entry) continue;
    raw[entry.key] = convertValue(name, entry.field, negated ? !value : value);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue.path[0] ?? '');
    const flag = key ? `--${toFlagName(key)}` : 'arguments';
    const given = key in raw ? ` (got ${JSON.stringify(raw[key])})` : '';
    throw new CliError(`${flag}: ${issue.message}${given}`);
  }
  return { kind: 'config', config: result.data, positionals: parsed.positionals };
}

function convertValue(flag: string, field: FieldInfo, value: unknown): unknown {
  if (field.kind === 'number') return toNumber(flag, value as string);
  if (!field.kind.endsWith('-list')) return value;
  const items = listAcceptsCommas(field) ? (value as string[]).flatMap((v) => v.split(',')) : (value as string[]);
  return field.kind === 'number-list' ? items.map((v) => toNumber(flag, v)) : items;
}

function toNumber(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || Number.isNaN(n)) throw new CliError(`--${flag}: expected a number, got '${text}'`);
  return n;
}
