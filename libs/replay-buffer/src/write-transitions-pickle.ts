import type { Observation, ObservationSpace, Transition } from '@rlpd/spaces';
import { writeFileAtomicStreaming } from './internal/atomic-write.js';
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
  if (t.success !== undefined) {
    w.str('succeed');
    w.bool(t.success);
  }
  if (t.intervened) {
    // In hil-serl the executed action of an intervened step is the intervention's action.
    w.str('intervene_action');
    writeNdarray(w, t.actions, [t.actions.length]);
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
  w.emptyList();
  let index = 0;
  let inBatch = 0;
  for (const t of transitions) {
    if (inBatch === 0) w.mark();
    writeTransition(w, t, index++, options.observationSpace);
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
 * infos `{succeed?, intervene_action?}` (succeed only when known).
 */
export async function encodeTransitionsPickle(
  transitions: Iterable<Transition>,
  options: WriteTransitionsOptions = {},
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await encodeInto(transitions, options, (bytes) => void chunks.push(bytes));
  return Buffer.concat(chunks);
}

/**
 * Writes transitions as a hil-serl pickle, streaming (any number of transitions, from an array
 * or a generator such as `ReplayBuffer.transitions()`) and atomically: a temp file in the same
 * folder (created if missing) is written, fsynced, then renamed over `path`.
 */
export async function writeTransitionsPickle(
  path: string,
  transitions: Iterable<Transition>,
  options: WriteTransitionsOptions = {},
): Promise<void> {
  await writeFileAtomicStreaming(path, (write) => encodeInto(transitions, options, write));
}
