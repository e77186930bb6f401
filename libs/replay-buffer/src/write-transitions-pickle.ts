import type { Observation, ObservationSpace, Transition } from '@rlpd/spaces';
import { writeFileAtomic } from './internal/atomic-write.js';
import { writeNdarray } from './internal/numpy-pickle.js';
import { PickleWriter } from './internal/pickle-writer.js';

export interface WriteTransitionsOptions {
  /**
   * Shapes of the observation arrays, e.g. `{ state: box([1, 19], ...) }` for hil-serl's
   * `(1, D)` layout. Keys not listed are written flat, `(length,)`. Default: all flat.
   */
  readonly observationSpace?: ObservationSpace;
}

/** Python's pickler batches list/dict items by this many (keeps the unpickler's stack small). */
const BATCH = 1000;

function writeObservation(w: PickleWriter, obs: Observation, where: string, space?: ObservationSpace): void {
  w.emptyDict();
  w.mark();
  for (const key of Object.keys(obs)) {
    const data = obs[key];
    const shape = space?.[key]?.shape ?? [data.length];
    w.str(key);
    try {
      writeNdarray(w, data, shape);
    } catch (err) {
      throw new Error(`${where}.${key}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  w.setItems();
}

function writeTransition(w: PickleWriter, t: Transition, index: number, space?: ObservationSpace): void {
  w.emptyDict();
  w.mark();
  w.str('observations');
  writeObservation(w, t.observations, `transition ${index}: observations`, space);
  w.str('actions');
  writeNdarray(w, t.actions, [t.actions.length]);
  w.str('next_observations');
  writeObservation(w, t.nextObservations, `transition ${index}: next_observations`, space);
  w.str('rewards');
  w.float(t.rewards);
  w.str('masks');
  w.float(t.masks);
  w.str('dones');
  w.bool(t.dones);
  w.str('infos');
  w.emptyDict();
  w.mark();
  w.str('succeed');
  w.bool(t.success ?? false);
  if (t.intervened) {
    // In hil-serl the executed action of an intervened step is the intervention's action.
    w.str('intervene_action');
    writeNdarray(w, t.actions, [t.actions.length]);
  }
  w.setItems();
  w.setItems();
}

/**
 * Encodes transitions as hil-serl's pickle: a list of dicts with numpy float32 (uint8 for
 * uint8 observations) arrays pickled as numpy 1.x does (`numpy.core.multiarray._reconstruct`),
 * loadable by numpy 1.x and 2.x. rewards/masks are Python floats, dones a bool, infos
 * `{succeed, intervene_action?}`.
 */
export function encodeTransitionsPickle(
  transitions: readonly Transition[],
  options: WriteTransitionsOptions = {},
): Uint8Array {
  const w = new PickleWriter();
  w.emptyList();
  for (let start = 0; start < transitions.length; start += BATCH) {
    w.mark();
    const end = Math.min(start + BATCH, transitions.length);
    for (let i = start; i < end; i++) writeTransition(w, transitions[i], i, options.observationSpace);
    w.appends();
  }
  return w.finish();
}

/** Writes transitions as a hil-serl pickle, atomically (temp file, fsync, rename). */
export async function writeTransitionsPickle(
  path: string,
  transitions: readonly Transition[],
  options: WriteTransitionsOptions = {},
): Promise<void> {
  await writeFileAtomic(path, encodeTransitionsPickle(transitions, options));
}
