import type { Observation, ObservationSpace, Transition } from '@rlpd/spaces';
import { writeFileAtomicStreaming } from './internal/atomic-write.js';
import { isWritableDtype, writeNdarray, writeNumpyScalar } from './internal/numpy-pickle.js';
import { PickleWriter } from './internal/pickle-writer.js';
import { FLAT_OBSERVATION_KEY, observationKeys, type ObservationLayout, type PickleLayout, type ScalarLayout } from './pickle-layout.js';

export interface WriteTransitionsOptions {
  /**
   * Shapes of the observation arrays, e.g. `{ state: box([1, 19], ...) }` for hil-serl's
   * `(1, D)` layout. Keys not listed are written flat, `(length,)`. Default: all flat.
   */
  readonly observationSpace?: ObservationSpace;
  /**
   * The layout a file was read with (`PickledTransition.layout`, `TransitionsSummary.layout`):
   * observations are written as a flat array or (nested) dicts with the stored shapes and
   * dtypes, actions and rewards/masks/dones with their stored shape and type, `infos` only
   * when the file had it. Takes precedence over `observationSpace`.
   */
  readonly layout?: PickleLayout;
}

/** Python's pickler batches list/dict items by this many (keeps the unpickler's stack small). */
const BATCH = 1000;

/** Wraps an error with the field it happened in. */
function writeField(where: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function writeObservation(w: PickleWriter, obs: Observation, where: string, space?: ObservationSpace): void {
  w.emptyDict();
  w.mark();
  for (const key of Object.keys(obs)) {
    const data = obs[key];
    const shape = space?.[key]?.shape ?? [data.length];
    w.str(key);
    writeField(`${where}.${key}`, () => writeNdarray(w, data, shape));
  }
  w.setItems();
}

/** Writes `obs` as `layout` says: a root array (key `state`) or dicts of arrays, recursively. */
function writeObservationAs(w: PickleWriter, obs: Observation, where: string, layout: ObservationLayout, keys: number): void {
  if (Object.keys(obs).length !== keys) {
    throw new Error(`${where}: has keys [${Object.keys(obs).join(', ')}], but the layout has ${keys} array(s)`);
  }
  const walk = (node: ObservationLayout, path: string): void => {
    if (node.kind === 'array') {
      const key = path === '' ? FLAT_OBSERVATION_KEY : path;
      const data = obs[key];
      if (data === undefined) throw new Error(`${where}: missing key '${key}' (the layout has it as ${node.dtype} [${node.shape.join(', ')}])`);
      writeField(`${where}.${key}`, () => writeNdarray(w, data, node.shape, node.dtype));
      return;
    }
    w.emptyDict();
    w.mark();
    for (const [name, child] of Object.entries(node.entries)) {
      w.str(name);
      walk(child, path === '' ? name : `${path}.${name}`);
    }
    w.setItems();
  };
  walk(layout, '');
}

/** rewards/masks/dones with the stored type: Python int/float/bool, numpy scalar or small array. */
function writeScalar(w: PickleWriter, value: number, field: ScalarLayout): void {
  const size = field.shape.reduce((a, b) => a * b, 1);
  if (field.numpy && isWritableDtype(field.dtype) && field.shape.length === 0) writeNumpyScalar(w, value, field.dtype);
  else if (field.numpy && isWritableDtype(field.dtype) && size === 1) writeNdarray(w, Float32Array.of(value), field.shape, field.dtype);
  else if (field.dtype === 'bool') w.bool(value !== 0);
  else if (field.dtype === 'int' && Number.isInteger(value)) w.int(value);
  else w.float(value);
}

const PYTHON_FLOAT: ScalarLayout = { shape: [], dtype: 'float', numpy: false };
const PYTHON_BOOL: ScalarLayout = { shape: [], dtype: 'bool', numpy: false };

function writeTransition(w: PickleWriter, t: Transition, index: number, options: WriteTransitionsOptions, keyCounts: readonly [number, number]): void {
  const { layout, observationSpace: space } = options;
  const actions = (): void =>
    writeField(`transition ${index}: actions`, () => writeNdarray(w, t.actions, layout?.actions.shape ?? [t.actions.length], layout?.actions.dtype));
  w.emptyDict();
  w.mark();
  w.str('observations');
  if (layout) writeObservationAs(w, t.observations, `transition ${index}: observations`, layout.observations, keyCounts[0]);
  else writeObservation(w, t.observations, `transition ${index}: observations`, space);
  w.str('actions');
  actions();
  w.str('next_observations');
  if (layout) writeObservationAs(w, t.nextObservations, `transition ${index}: next_observations`, layout.nextObservations, keyCounts[1]);
  else writeObservation(w, t.nextObservations, `transition ${index}: next_observations`, space);
  w.str('rewards');
  writeScalar(w, t.rewards, layout?.rewards ?? PYTHON_FLOAT);
  w.str('masks');
  writeScalar(w, t.masks, layout?.masks ?? PYTHON_FLOAT);
  w.str('dones');
  writeScalar(w, t.dones ? 1 : 0, layout?.dones ?? PYTHON_BOOL);
  // Buffer dumps have no infos; a transition that knows its success or was intervened keeps them.
  if (layout?.infos === false && t.success === undefined && !t.intervened) {
    w.setItems();
    return;
  }
  w.str('infos');
  w.emptyDict();
  w.mark();
  if (t.success !== undefined) {
    w.str('succeed');
    w.bool(t.success);
  }
  if (t.intervened) {
    // In hil-serl the executed action of an intervened step is the intervention's action.
    w.str('intervene_action');
    actions();
  }
  w.setItems();
  w.setItems();
}

/** Encoded bytes gathered before each write to the file. */
const FLUSH_BYTES = 8 << 20;

/** Encodes transitions one by one, passing each ~8 MB of pickle to `flush`. */
async function encodeInto(
  transitions: Iterable<Transition>,
  options: WriteTransitionsOptions,
  flush: (bytes: Uint8Array) => Promise<void> | void,
): Promise<void> {
  const w = new PickleWriter();
  const { layout } = options;
  const keyCounts = [layout ? observationKeys(layout.observations).size : 0, layout ? observationKeys(layout.nextObservations).size : 0] as const;
  w.emptyList();
  let index = 0;
  let inBatch = 0;
  for (const t of transitions) {
    if (inBatch === 0) w.mark();
    writeTransition(w, t, index++, options, keyCounts);
    if (++inBatch === BATCH) {
      w.appends();
      inBatch = 0;
    }
    if (w.pending >= FLUSH_BYTES) await flush(w.drain());
  }
  if (inBatch > 0) w.appends();
  await flush(w.finish());
}

/**
 * Encodes transitions as hil-serl's pickle: a list of dicts with numpy float32 (uint8 for
 * uint8 observations) arrays pickled as numpy 1.x does (`numpy.core.multiarray._reconstruct`,
 * protocol 4), loadable by numpy 1.x and 2.x. rewards/masks are Python floats, dones a bool,
 * infos `{succeed?, intervene_action?}` (succeed only when known). With `layout`, the file's
 * own layout instead (see `WriteTransitionsOptions.layout`).
 */
export async function encodeTransitionsPickle(transitions: Iterable<Transition>, options: WriteTransitionsOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await encodeInto(transitions, options, (bytes) => void chunks.push(bytes));
  return Buffer.concat(chunks);
}

/**
 * Writes transitions as a hil-serl pickle, streaming (any number of transitions, from an array
 * or a generator such as `ReplayBuffer.transitions()`) and atomically: a temp file in the same
 * folder (created if missing) is written, fsynced, then renamed over `path`.
 */
export async function writeTransitionsPickle(path: string, transitions: Iterable<Transition>, options: WriteTransitionsOptions = {}): Promise<void> {
  await writeFileAtomicStreaming(path, (write) => encodeInto(transitions, options, write));
}
