import { formatShape } from './numpy-array.js';
import type { StoredField } from './python-value.js';
import { sameShape } from './same-shape.js';

/** Fields whose shape must be the same in every transition of a file. */
function isCheckedField(name: string): boolean {
  return (
    name === 'actions' || name === 'observations' || name === 'next_observations' || name.startsWith('observations.') || name.startsWith('next_observations.')
  );
}

/**
 * Remembers the first transition's observation and action layout and reports the first later
 * transition that differs (a missing or extra key, another shape, bytes vs numbers).
 */
export class FieldConsistency {
  private first: Record<string, StoredField> | null = null;
  /** Names of transition 0's checked fields, in order. */
  private names: string[] = [];

  /**
   * Returns why `stored` differs from transition 0's layout, or null. `checkedFields`, when
   * given, is how many checked fields `stored` holds (its producer counts them), which spares a
   * scan of every key per transition.
   */
  check(stored: Readonly<Record<string, StoredField>>, checkedFields?: number): string | null {
    if (this.first === null) {
      this.first = {};
      for (const [name, field] of Object.entries(stored)) if (isCheckedField(name)) this.first[name] = field;
      this.names = Object.keys(this.first);
      return null;
    }
    const { first, names } = this;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const expected = first[name];
      const actual = stored[name];
      if (!actual) return `${name} is missing (transition 0 has it as ${expected.dtype} ${formatShape(expected.shape)})`;
      if ((actual.shape !== expected.shape && !sameShape(actual.shape, expected.shape)) || isBytes(actual.dtype) !== isBytes(expected.dtype)) {
        return `${name} is ${actual.dtype} ${formatShape(actual.shape)}, but transition 0 has ${expected.dtype} ${formatShape(expected.shape)}`;
      }
    }
    // All of transition 0's fields are present: an extra one exists only if the counts differ.
    if (checkedFields === names.length) return null;
    for (const name in stored) {
      if (isCheckedField(name) && !Object.hasOwn(first, name)) return `${name} is present but transition 0 has no such key`;
    }
    return null;
  }
}

function isBytes(dtype: string): boolean {
  return dtype === 'uint8' || dtype === 'bool';
}
