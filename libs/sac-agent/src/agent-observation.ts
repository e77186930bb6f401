import { boxSize, formatBoxType, type Observation, type ObservationSpace } from '@rlpd/spaces';

/** What the agent reads by default: the flat `state` vector. */
export const DEFAULT_AGENT_OBSERVATION_KEYS: readonly string[] = Object.freeze(['state']);

/** Safetensors metadata entry naming the observation keys a policy's input concatenates (comma-separated). */
export const OBSERVATION_KEYS_METADATA = 'observation_keys';

/**
 * Elements of the agent's input: the sizes of the named keys of `space`, summed. Throws naming a
 * key the space lacks, or an image (uint8) key: until pixel encoders exist the agent reads
 * float32 keys only, and images travel beside them.
 */
export function agentObservationDim(space: ObservationSpace, keys: readonly string[]): number {
  if (keys.length === 0) throw new Error('agent observation keys: name at least one key (e.g. state)');
  if (new Set(keys).size !== keys.length) throw new Error(`agent observation keys: [${keys.join(', ')}] names a key twice`);
  let dim = 0;
  for (const key of keys) {
    const box = Object.hasOwn(space, key) ? space[key] : undefined;
    if (box === undefined) throw new Error(`agent observation key '${key}' is not in the observation space [${Object.keys(space).join(', ')}]`);
    if (box.dtype !== 'float32') {
      throw new Error(`agent observation key '${key}' is ${formatBoxType(box.dtype, box.shape)}: the agent reads float32 keys only (images need an encoder)`);
    }
    dim += boxSize(box);
  }
  return dim;
}

/**
 * The agent's input for one observation: the named keys concatenated in order (the key's own
 * array when there is one key, no copy). Throws naming a missing or non-float32 key.
 */
export function agentObservation(observation: Observation, keys: readonly string[]): Float32Array {
  const parts = keys.map((key) => {
    const value = observation[key];
    if (!(value instanceof Float32Array))
      throw new Error(`observation.${key}: the agent reads a Float32Array, got ${value === undefined ? 'nothing' : value.constructor.name}`);
    return value;
  });
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Metadata for a policy's safetensors that reads `keys`. */
export function observationKeysMetadata(keys: readonly string[]): Record<string, string> {
  return { [OBSERVATION_KEYS_METADATA]: keys.join(',') };
}

/** The observation keys a policy file says it reads; `state` for files that do not say (older ones). */
export function observationKeysFromMetadata(metadata: Readonly<Record<string, string>>): readonly string[] {
  const value = metadata[OBSERVATION_KEYS_METADATA];
  return value === undefined || value === '' ? DEFAULT_AGENT_OBSERVATION_KEYS : value.split(',');
}
