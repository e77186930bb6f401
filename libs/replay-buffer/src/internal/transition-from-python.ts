import type { Observation, Transition } from '@rlpd/spaces';
import { NumpyArray } from './numpy-array.js';
import { FLAT_OBSERVATION_KEY } from '../pickle-layout.js';
import { describePython, pythonNumber, storedField, type StoredField } from './python-value.js';

/** Throws an error naming the key (the caller adds file and transition index). */
export type Fail = (key: string, problem: string) => never;

/** A Transition plus how each of its fields is stored in the file (`observations.state` -> (1, 19) float32). */
export interface ConvertedTransition {
  readonly transition: Transition;
  readonly stored: Record<string, StoredField>;
  /** Byte offset in the source of each uint8 observation array stored as-is (`observations.wrist` -> 1234). */
  readonly sourceOffsets: Record<string, number>;
  /** Entries of `stored` for `actions` and the observation fields (what `FieldConsistency` checks). */
  readonly checkedFields: number;
}

function get(dict: Map<unknown, unknown>, key: string, fail: Fail): unknown {
  if (!dict.has(key)) fail(key, `missing key (the transition has [${[...dict.keys()].map(String).join(', ')}])`);
  return dict.get(key);
}

/** uint8 and bool arrays (camera images) stay bytes; every other dtype becomes float32. */
function observationColumn(value: unknown, key: string, fail: Fail): Float32Array | Uint8Array {
  if (!(value instanceof NumpyArray)) return fail(key, `expected a numpy array, got ${describePython(value)}`);
  return value.isByte ? value.toUint8() : value.toFloat32();
}

/** `a.b` for a field and a key, reused across transitions (every transition repeats the same few names). */
const joinedNames = new Map<string, Map<string, string>>();
const MAX_JOINED_NAMES = 4096;
let joinedCount = 0;
function joinName(prefix: string, name: string): string {
  let byName = joinedNames.get(prefix);
  const known = byName?.get(name);
  if (known !== undefined) return known;
  const joined = `${prefix}.${name}`;
  if (joinedCount < MAX_JOINED_NAMES) {
    if (byName === undefined) joinedNames.set(prefix, (byName = new Map()));
    byName.set(name, joined);
    joinedCount++;
  }
  return joined;
}

/** Deeper dicts than this under an observation key are refused (a guard against cycles). */
const MAX_NESTING = 8;

/** Adds a dict's arrays to `out` under their names joined with `.`, recursing into nested dicts. */
function addEntries(
  dict: Map<unknown, unknown>,
  field: string,
  /** Observation key of the enclosing dict (null at the top). */
  prefix: string | null,
  out: Record<string, Float32Array | Uint8Array>,
  stored: Record<string, StoredField>,
  offsets: Record<string, number>,
  fail: Fail,
  depth: number,
): void {
  if (depth > MAX_NESTING) fail(field, `dicts nested deeper than ${MAX_NESTING} levels are not supported`);
  for (const [name, column] of dict) {
    if (typeof name !== 'string' || name === '__proto__') fail(field, `expected string keys, got ${describePython(name)} ${String(name)}`);
    const key = prefix === null ? name : joinName(prefix, name);
    const path = joinName(field, name);
    if (column instanceof Map) {
      addEntries(column, path, key, out, stored, offsets, fail, depth + 1);
      continue;
    }
    if (Object.hasOwn(out, key)) fail(path, `its observation key '${key}' is already taken by another entry (a key with a '.' beside a nested dict)`);
    stored[path] = storedField(column);
    const offset = column instanceof NumpyArray ? column.uint8SourceOffset : null;
    if (offset !== null) offsets[path] = offset;
    out[key] = observationColumn(column, path, fail);
  }
}

/**
 * A stored observation as an Observation: serl's flat array becomes key `state` (recorded in
 * `stored` under the field's own name, as stored); dict entries keep their names, nested dicts
 * are flattened to `outer.inner` keys.
 */
function observation(value: unknown, field: string, stored: Record<string, StoredField>, offsets: Record<string, number>, fail: Fail): Observation {
  if (value instanceof NumpyArray) {
    stored[field] = storedField(value);
    return { [FLAT_OBSERVATION_KEY]: observationColumn(value, field, fail) };
  }
  if (!(value instanceof Map)) return fail(field, `expected a dict of numpy arrays or a numpy array, got ${describePython(value)}`);
  const out: Record<string, Float32Array | Uint8Array> = {};
  addEntries(value, field, null, out, stored, offsets, fail, 0);
  return out;
}

function actions(value: unknown, fail: Fail): Float32Array {
  if (value instanceof NumpyArray) return value.toFloat32();
  if (Array.isArray(value) && value.every((x) => pythonNumber(x) !== null && typeof x !== 'boolean'))
    return Float32Array.from(value, (x) => pythonNumber(x) ?? NaN);
  return fail('actions', `expected a numpy array, got ${describePython(value)}`);
}

function number(value: unknown, key: string, fail: Fail): number {
  const n = pythonNumber(value);
  return n === null ? fail(key, `expected a number, got ${describePython(value)}`) : n;
}

function flag(value: unknown, key: string, fail: Fail): boolean {
  const n = pythonNumber(value);
  return n === null ? fail(key, `expected a bool, got ${describePython(value)}`) : n !== 0;
}

/**
 * Maps one hil-serl transition dict `{observations, actions, next_observations, rewards, masks,
 * dones, infos?}` to a Transition (arrays are views of the file's bytes where no conversion is
 * needed): `intervened` when `infos` has `intervene_action`, `success` from `infos.succeed`.
 * `grasp_penalty` may sit in infos or at the top level; it is recorded in `stored` only.
 */
export function transitionFromPython(value: unknown, fail: Fail): ConvertedTransition {
  if (!(value instanceof Map)) return fail('(transition)', `expected a dict, got ${describePython(value)}`);
  const stored: Record<string, StoredField> = {};
  const sourceOffsets: Record<string, number> = {};
  const infos = value.get('infos');
  if (infos !== undefined && infos !== null && !(infos instanceof Map)) fail('infos', `expected a dict, got ${describePython(infos)}`);
  const info = infos instanceof Map ? infos : new Map<unknown, unknown>();
  const observations = observation(get(value, 'observations', fail), 'observations', stored, sourceOffsets, fail);
  const rawActions = get(value, 'actions', fail);
  stored.actions = storedField(rawActions);
  const nextObservations = observation(get(value, 'next_observations', fail), 'next_observations', stored, sourceOffsets, fail);
  for (const key of ['rewards', 'masks', 'dones'] as const) stored[key] = storedField(get(value, key, fail));
  if (value.has('grasp_penalty')) stored.grasp_penalty = storedField(value.get('grasp_penalty'));
  for (const [key, v] of info) if (typeof key === 'string') stored[`infos.${key}`] = storedField(v);
  const intervene = info.get('intervene_action');
  const succeed = info.get('succeed');
  const transition: Transition = {
    observations,
    actions: actions(rawActions, fail),
    nextObservations,
    rewards: number(value.get('rewards'), 'rewards', fail),
    masks: number(value.get('masks'), 'masks', fail),
    dones: flag(value.get('dones'), 'dones', fail),
    intervened: intervene !== undefined && intervene !== null,
    ...(succeed === undefined || succeed === null ? {} : { success: flag(succeed, 'infos.succeed', fail) }),
  };
  // actions plus one entry per observation array (a key of either observation).
  const checkedFields = 1 + Object.keys(observations).length + Object.keys(nextObservations).length;
  return { transition, stored, sourceOffsets, checkedFields };
}
