import { formatShape } from './numpy-array.js';
import type { StoredField } from './python-value.js';
import { sameShape } from './same-shape.js';

/** Fields whose shape must be the same in every transition of a file. */
function isCheckedField(name: string): boolean {
  return name === 'actions' || name.startsWith('observations.') || name.startsWith('next_observations.');
}

/**
 * Remembers the first transition's observation and action layout and reports the first later
 * transition that differs (a missing or extra key, another shape, bytes vs numbers).
 */
export class FieldConsistency {
  private first: Record<string, StoredField> | null = null;

  /** Returns why `stored` differs from transition 0's layout, or null. */
  check(stored: Readonly<Record<string, StoredField>>): string | null {
    if (this.first === null) {
      this.first = {};
      for (const [name, field] of Object.entries(stored)) if (isCheckedField(name)) this.first[name] = field;
      return null;
    }
    for (const [name, expected] of Object.entries(this.first)) {
      const actual = stored[name];
      if (!actual) return `${name} is missing (transition 0 has it as ${expected.dtype} ${formatShape(expected.shape)})`;
      if (!sameShape(actual.shape, expected.shape) || isBytes(actual.dtype) !== isBytes(expected.dtype)) {
        return `${name} is ${actual.dtype} ${formatShape(actual.shape)}, but transition 0 has ${expected.dtype} ${formatShape(expected.shape)}`;
      }
    }
    for (const name of Object.keys(stored)) {
      if (isCheckedField(name) && !(name in this.first)) return `${name} is present but transition 0 has no such key`;
    }
    return null;
  }
}

function isBytes(dtype: string): boolean {
  return dtype === 'uint8' || dtype === 'bool';
}
