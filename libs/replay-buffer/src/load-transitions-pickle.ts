import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { boxSize, type Observation, type Transition } from '@rlpd/spaces';
import { formatShape } from './internal/numpy-array.js';
import { PrefaultedChunks } from './internal/prefaulted-chunks.js';
import { sameShape } from './internal/same-shape.js';
import { EpisodeOutcomes } from './episode-outcomes.js';
import { FLAT_OBSERVATION_KEY, type ObservationLayout } from './pickle-layout.js';
import type { ReplayBuffer } from './replay-buffer.js';
import { streamTransitionsPickleTransient, type PickledTransition, type StoredField } from './stream-transitions-pickle.js';

export interface LoadTransitionsOptions {
  /** Receives one line per conversion or ignored key (e.g. `actions: float64 -> float32`). */
  readonly log?: (line: string) => void;
  /**
   * Fault in new frame memory on a worker thread while the file is parsed. Page faults of new
   * frame memory are most of a load's time; a second core takes them, at ~40% more CPU time in
   * all (docs/BENCHMARKS.md, pickle load). `'auto'` (default): for files of 32 MB and more into
   * a buffer that stores images, on a machine with 2 or more cores. `true`: whenever the buffer
   * stores images. `false`: never (when every core is busy with other work, the thread made
   * loads ~5-10% slower).
   */
  readonly prefaultThread?: boolean | 'auto';
}

/** Smallest file for which a page-faulting worker thread pays for its start (~20 ms of a core) under `'auto'`. */
const PREFAULT_MIN_FILE_BYTES = 32 << 20;

export interface LoadTransitionsReport {
  readonly transitions: number;
  /** Transitions with `dones`. */
  readonly episodes: number;
  /** Ended episodes that succeeded, by the rule of `EpisodeOutcomes` (as `inspect summary` counts them). */
  readonly successes: number;
  /** Fields converted to the buffer's float32, with the dtype found in the file (`actions` -> `float64`). */
  readonly conversions: Readonly<Record<string, string>>;
  /** Observation keys in the file that the buffer does not store. */
  readonly ignoredKeys: readonly string[];
  /** True when a worker thread faulted in the frame memory (`prefaultThread`). */
  readonly prefaultThread: boolean;
}

const FLOAT_OK = new Set(['float32']);
const BYTE_OK = new Set(['uint8', 'bool']);

/**
 * Streams a hil-serl pickle straight into `buffer`, checking every transition against the
 * buffer's observation space and action size (the env spec): a missing key, a different
 * number of elements, or an image (uint8 key) of another dtype or shape (`(1, H, W, 3)` as
 * hil-serl stores it, or `(H, W, 3)`) fails naming the file, transition, byte offset, key,
 * stored shape and expected shape. Numeric data that is not float32 (float64 states and
 * actions, integers) is converted to float32 and the conversion is logged once per field.
 */
export async function loadTransitionsPickle(path: string, buffer: ReplayBuffer, options: LoadTransitionsOptions = {}): Promise<LoadTransitionsReport> {
  const space = buffer.observationSpace;
  const keys = Object.keys(space);
  const conversions: Record<string, string> = {};
  const ignored = new Set<string>();
  let episodes = 0;
  let successes = 0;
  const outcomes = new EpisodeOutcomes();
  const sizes: Record<string, number> = Object.fromEntries(keys.map((key) => [key, boxSize(space[key])]));
  const actionShape = [buffer.actionDim];
  // hil-serl's (1, H, W, 3) form of each image shape, built once (not per transition).
  const withAxis = new Map<readonly number[], readonly number[]>(keys.map((key) => [space[key].shape, [1, ...space[key].shape]]));

  // Runs for every field of every transition: no closures or strings are built unless it fails.
  const check = (
    p: PickledTransition,
    field: string,
    value: Float32Array | Uint8Array | undefined,
    spaceDtype: string,
    shape: readonly number[],
    size: number,
  ): void => {
    const stored: StoredField | undefined = p.stored[field];
    if (value === undefined || stored === undefined) throw new Error(`${where(p, field)} is missing (the env spec needs ${spaceDtype} with ${size} elements)`);
    if (spaceDtype === 'uint8') {
      // An image must keep its shape, not only its size: (1, H, W, 3) as hil-serl stores it, or (H, W, 3).
      if (!BYTE_OK.has(stored.dtype) || !(sameShape(stored.shape, shape) || sameShape(stored.shape, withAxis.get(shape) ?? [1, ...shape]))) {
        throw new Error(
          `${where(p, field)} is ${stored.dtype} ${formatShape(stored.shape)}, expected uint8 ${formatShape([1, ...shape])} (or ${formatShape(shape)})`,
        );
      }
      return;
    }
    if (value.length !== size)
      throw new Error(
        `${where(p, field)} is ${stored.dtype} ${formatShape(stored.shape)} (${value.length} elements), expected ${spaceDtype} with ${size} elements`,
      );
    if (!FLOAT_OK.has(stored.dtype)) conversions[field] ??= stored.dtype;
  };
  const where = (p: PickledTransition, field: string): string => `${path}: transition ${p.index} (byte ${p.offset}): ${field}`;

  // The stored field name of each space key, per observation side and layout (built once, not per transition).
  const fieldNames = (prefix: string, layout: ObservationLayout): string[] =>
    keys.map((key) => (layout.kind === 'array' && key === FLAT_OBSERVATION_KEY ? prefix : `${prefix}.${key}`));
  let obsFields: string[] | null = null;
  let nextFields: string[] | null = null;

  const pick = (p: PickledTransition, prefix: string, fields: readonly string[], obs: Observation): Observation => {
    const out: Record<string, Float32Array | Uint8Array> = {};
    let found = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const value = obs[key];
      check(p, fields[k], value, space[key].dtype, space[key].shape, sizes[key]);
      out[key] = value;
      found++;
    }
    // Every space key is present: there are extra keys only if the counts differ.
    let count = 0;
    for (const key in obs) if (Object.hasOwn(obs, key)) count++;
    if (count !== found) for (const key of Object.keys(obs)) if (!(key in space)) ignored.add(`${prefix}.${key}`);
    return out;
  };

  // Arrays are views of the read window: insert copies them before the next read.
  const fileBytes = await prefaultFileBytes(path, buffer, options.prefaultThread ?? 'auto');
  const prefaulter = fileBytes > 0 ? new PrefaultedChunks(buffer.frameStore.chunkSizes.filter((n) => n > 0)) : null;
  // Where the load is in the file: with the frame bytes stored so far, it estimates the frame bytes still to come.
  let fileOffset = 0;
  if (prefaulter !== null) {
    const store = buffer.frameStore;
    store.chunkSource = (bytes) => {
      const done = fileOffset / fileBytes;
      // Frame bytes of the whole file, counting the chunk asked for as filled (a generous estimate).
      const expected = done > 0 ? (store.bytes + bytes) / done : Infinity;
      return prefaulter.take(bytes, expected - store.bytes - bytes);
    };
  }
  let transitions: number;
  try {
    transitions = await streamTransitionsPickleTransient(path, (p) => {
      const t = p.transition;
      fileOffset = p.offset;
      check(p, 'actions', t.actions, 'float32', actionShape, buffer.actionDim);
      // Every transition has transition 0's layout (the stream checks it), so the field names are too.
      obsFields ??= fieldNames('observations', p.layout.observations);
      nextFields ??= fieldNames('next_observations', p.layout.nextObservations);
      const fitted: Transition = {
        ...t,
        observations: pick(p, 'observations', obsFields, t.observations),
        nextObservations: pick(p, 'next_observations', nextFields, t.nextObservations),
      };
      buffer.insert(fitted);
      const ended = outcomes.add(t);
      if (ended !== null) {
        episodes++;
        if (ended.success) successes++;
      }
    });
  } finally {
    if (prefaulter !== null) {
      buffer.frameStore.chunkSource = null;
      await prefaulter.close();
    }
  }
  for (const [field, dtype] of Object.entries(conversions)) options.log?.(`${path}: converted ${field} from ${dtype} to float32`);
  if (ignored.size > 0) options.log?.(`${path}: ignored observation key(s) not in the env spec: ${[...ignored].join(', ')}`);
  return { transitions, episodes, successes, conversions, ignoredKeys: [...ignored], prefaultThread: prefaulter !== null };
}

/**
 * The size of the file at `path` when its load should fault frame memory in on a worker thread
 * (`mode`, see `LoadTransitionsOptions.prefaultThread`), else 0. A file that cannot be stat'ed
 * gives 0: the stream then fails with its usual message.
 */
async function prefaultFileBytes(path: string, buffer: ReplayBuffer, mode: boolean | 'auto'): Promise<number> {
  if (mode === false || buffer.frameStore.chunkSizes.every((n) => n === 0)) return 0;
  const bytes = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (mode === true) return bytes;
  return bytes >= PREFAULT_MIN_FILE_BYTES && availableParallelism() >= 2 ? bytes : 0;
}
