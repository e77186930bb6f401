import { z } from 'zod';

/** How a schema field is spelled on the command line. */
export type FieldKind = 'boolean' | 'number' | 'string' | 'string-list' | 'number-list';

export interface FieldInfo {
  readonly kind: FieldKind;
  readonly description: string;
  readonly defaultValue: unknown;
  readonly choices: readonly string[] | null;
  readonly optional: boolean;
}

/** Reads a field's CLI kind, description, default and enum choices from its zod schema. */
export function describeField(schema: z.ZodTypeAny): FieldInfo {
  let description = schema.description ?? '';
  let defaultValue: unknown = undefined;
  let optional = false;
  let inner: z.ZodTypeAny = schema;
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      defaultValue = inner._def.defaultValue();
      inner = inner._def.innerType;
    } else if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
      optional = true;
      inner = inner._def.innerType;
    } else if (inner instanceof z.ZodEffects) {
      inner = inner._def.schema;
    } else {
      break;
    }
    description ||= inner.description ?? '';
  }
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean', description, defaultValue, choices: null, optional };
  if (inner instanceof z.ZodNumber) return { kind: 'number', description, defaultValue, choices: null, optional };
  if (inner instanceof z.ZodEnum) {
    return { kind: 'string', description, defaultValue, choices: inner._def.values as string[], optional };
  }
  if (inner instanceof z.ZodArray) {
    const element = describeField(inner._def.type);
    const kind = element.kind === 'number' ? 'number-list' : 'string-list';
    return { kind, description, defaultValue, choices: element.choices, optional };
  }
  return { kind: 'string', description, defaultValue, choices: null, optional };
}

/** `batchSize` -> `batch-size`. */
export function toFlagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Number and choice lists also take comma-separated values (`--hidden-dims 256,256`); free
 * text lists (file paths) do not, since a path may hold a comma.
 */
export function listAcceptsCommas(field: FieldInfo): boolean {
  return field.kind === 'number-list' || (field.kind === 'string-list' && field.choices !== null);
}
