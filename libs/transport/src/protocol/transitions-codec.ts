import { formatBoxType, SUCCESS_UNKNOWN, successFromCode, writeTransitionRow, type EnvSpec, type Observation, type Transition } from '@rlpd/spaces';
import { describeKeyTableMismatch } from './key-table.js';
import { encodedTransitionsSize, transitionsColumns } from './transitions-columns.js';
import { TRANSITIONS_CODEC_VERSION, TRANSITIONS_HEADER_BYTES, TRANSITIONS_MAGIC, transitionsLayout, type TransitionsLayout } from './transitions-layout.js';

/**
 * Encodes transitions in a compact little-endian columnar layout (see README): a 16-byte
 * header (magic, codec version, key count, layout hash, count), a key table (name, dtype and
 * shape of each observation key), then per observation key the obs and
 * next-obs rows as float32 or uint8, actions/rewards/masks as float32 and
 * dones/intervened/success as uint8. Throws when a transition does not match `spec`.
 */
export function encodeTransitions(transitions: readonly Transition[], spec: EnvSpec): Uint8Array {
  assertLittleEndian();
  const layout = transitionsLayout(spec);
  transitions.forEach((t, i) => checkTransition(t, i, layout));
  const count = transitions.length;
  const bytes = new Uint8Array(encodedTransitionsSize(layout, count));
  const header = new DataView(bytes.buffer);
  header.setUint32(0, TRANSITIONS_MAGIC, true);
  header.setUint16(4, TRANSITIONS_CODEC_VERSION, true);
  header.setUint16(6, layout.observations.length, true);
  header.setUint32(8, layout.hash, true);
  header.setUint32(12, count, true);
  bytes.set(layout.keyTable, TRANSITIONS_HEADER_BYTES);
  const cols = transitionsColumns(bytes.buffer, layout, count);
  transitions.forEach((t, i) => writeTransitionRow(cols, i, t, layout.observations, layout.actionSize));
  return bytes;
}

/**
 * Decodes `encodeTransitions` output. Validates the header, the key table (an observation of
 * another shape or dtype is named with the shape found and expected), and that the length
 * matches `spec` exactly; throws an Error saying what differs. The result owns a private copy
 * of the bytes.
 */
export function decodeTransitions(bytes: Uint8Array, spec: EnvSpec): Transition[] {
  assertLittleEndian();
  const layout = transitionsLayout(spec);
  if (bytes.byteLength < TRANSITIONS_HEADER_BYTES) {
    throw new Error(`transitions payload is ${bytes.byteLength} bytes, shorter than the ${TRANSITIONS_HEADER_BYTES}-byte header`);
  }
  // One copy: aligned for float32 views and independent of the socket's buffer.
  const copy = new Uint8Array(bytes);
  const header = new DataView(copy.buffer);
  const magic = header.getUint32(0, true);
  if (magic !== TRANSITIONS_MAGIC) throw new Error(`transitions payload has magic 0x${magic.toString(16)}, expected 0x${TRANSITIONS_MAGIC.toString(16)}`);
  const version = header.getUint16(4, true);
  if (version !== TRANSITIONS_CODEC_VERSION) throw new Error(`transitions codec version ${version}, expected ${TRANSITIONS_CODEC_VERSION}`);
  const keyMismatch = describeKeyTableMismatch(copy, TRANSITIONS_HEADER_BYTES, header.getUint16(6, true), layout.observations);
  if (keyMismatch !== null) throw new Error(`transitions payload does not match the env spec: ${keyMismatch}`);
  const hash = header.getUint32(8, true);
  if (hash !== layout.hash) {
    throw new Error(
      `transitions layout hash 0x${hash.toString(16)} does not match the env spec (0x${layout.hash.toString(16)}): observation keys, shapes or dtypes differ`,
    );
  }
  const count = header.getUint32(12, true);
  const expected = encodedTransitionsSize(layout, count);
  if (copy.byteLength !== expected) {
    throw new Error(`transitions payload is ${copy.byteLength} bytes, expected exactly ${expected} for ${count} transitions of this env spec`);
  }
  const cols = transitionsColumns(copy.buffer, layout, count);
  const out: Transition[] = [];
  for (let i = 0; i < count; i++) {
    checkFlag('dones', cols.dones[i], i, 1);
    checkFlag('intervened', cols.intervened[i], i, 1);
    checkFlag('success', cols.success[i], i, SUCCESS_UNKNOWN);
    if (!Number.isFinite(cols.rewards[i])) throw new Error(`transition ${i}: reward ${cols.rewards[i]} is not finite`);
    if (!Number.isFinite(cols.masks[i])) throw new Error(`transition ${i}: mask ${cols.masks[i]} is not finite`);
    const row = (c: { size: number }): [number, number] => [i * c.size, (i + 1) * c.size];
    const observations: Record<string, Float32Array | Uint8Array> = {};
    const nextObservations: Record<string, Float32Array | Uint8Array> = {};
    for (const c of layout.observations) {
      observations[c.key] = cols.observations[c.key].subarray(...row(c));
      nextObservations[c.key] = cols.nextObservations[c.key].subarray(...row(c));
    }
    out.push({
      observations,
      nextObservations,
      actions: cols.actions.subarray(...row({ size: layout.actionSize })),
      rewards: cols.rewards[i],
      masks: cols.masks[i],
      dones: cols.dones[i] === 1,
      intervened: cols.intervened[i] === 1,
      ...successFromCode(cols.success[i]),
    });
  }
  return out;
}

function checkTransition(t: Transition, index: number, layout: TransitionsLayout): void {
  const checkObs = (field: string, obs: Observation): void => {
    const keys = Object.keys(obs).sort().join(', ');
    const expectedKeys = layout.observations.map((c) => c.key).join(', ');
    if (keys !== expectedKeys) throw new Error(`transition ${index}: ${field} keys are [${keys}], expected [${expectedKeys}]`);
    for (const c of layout.observations) {
      const v = obs[c.key];
      const ok = c.dtype === 'float32' ? v instanceof Float32Array : v instanceof Uint8Array && !(v instanceof Uint8ClampedArray);
      const expected = `${c.size} elements (${formatBoxType(c.dtype, c.shape)})`;
      if (!ok)
        throw new Error(
          `transition ${index}: ${field}.${c.key} must be a ${c.dtype === 'float32' ? 'Float32Array' : 'Uint8Array'} of ${expected}, got ${describeTypedArray(v)}`,
        );
      if (v.length !== c.size) throw new Error(`transition ${index}: ${field}.${c.key} has ${v.length} elements, expected ${expected}`);
    }
  };
  checkObs('observations', t.observations);
  checkObs('nextObservations', t.nextObservations);
  if (!(t.actions instanceof Float32Array) || t.actions.length !== layout.actionSize) {
    throw new Error(`transition ${index}: actions must be a Float32Array of ${layout.actionSize} elements`);
  }
  if (!Number.isFinite(t.rewards)) throw new Error(`transition ${index}: reward ${t.rewards} is not finite`);
  if (!Number.isFinite(t.masks)) throw new Error(`transition ${index}: mask ${t.masks} is not finite`);
}

function describeTypedArray(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${v.byteLength} bytes`;
  return typeof v;
}

function checkFlag(name: string, value: number, index: number, max: number): void {
  if (value > max) throw new Error(`transition ${index}: ${name} byte is ${value}, expected 0..${max}`);
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('the transitions codec writes typed arrays as little-endian; this platform is big-endian');
  }
}
