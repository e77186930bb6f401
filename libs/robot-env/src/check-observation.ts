import { boxSize, type Observation, type ObservationSpace } from '@rlpd/spaces';

function dtypeOf(value: unknown): string {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Uint8Array) return 'uint8';
  if (value === null || typeof value !== 'object') return typeof value;
  return value.constructor.name;
}

/**
 * The first way `observation` breaks `space` as a sentence naming the key, what was found
 * (dtype, element count) and what was expected (dtype, shape), or null when it conforms.
 * Typed arrays carry no shape, so a frame is checked by its element count against H*W*C.
 */
export function describeObservationMismatch(space: ObservationSpace, observation: Observation): string | null {
  for (const key of Object.keys(space)) {
    const expected = space[key];
    const want = `${expected.dtype}[${expected.shape.join(', ')}] (${boxSize(expected)} elements)`;
    if (!Object.hasOwn(observation, key)) return `observation key '${key}' is missing; expected ${want}`;
    const value: unknown = observation[key];
    const dtype = dtypeOf(value);
    const length = value instanceof Float32Array || value instanceof Uint8Array ? value.length : undefined;
    if (dtype !== expected.dtype || length !== boxSize(expected)) {
      const found = length === undefined ? dtype : `${dtype} with ${length} elements`;
      return `observation '${key}' has the wrong shape or dtype: found ${found}, expected ${want}`;
    }
  }
  for (const key of Object.keys(observation)) {
    if (!Object.hasOwn(space, key)) return `observation has key '${key}' that the space lacks (space keys: ${Object.keys(space).join(', ')})`;
  }
  return null;
}

/** Throws `<source>: <mismatch>` when `observation` does not fit `space` (see describeObservationMismatch). */
export function checkObservation(space: ObservationSpace, observation: Observation, source: string): void {
  const mismatch = describeObservationMismatch(space, observation);
  if (mismatch !== null) throw new Error(`${source}: ${mismatch}`);
}
