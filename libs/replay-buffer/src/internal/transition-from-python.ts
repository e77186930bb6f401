import type { Observation, Transition } from '@rlpd/spaces';
import { NumpyArray } from './numpy-array.js';
import { describePython, pythonNumber } from './python-value.js';

/** Prefixes errors with the file and transition index. */
type Fail = (key: string, problem: string) => never;

function get(dict: Map<unknown, unknown>, key: string, fail: Fail): unknown {
  if (!dict.has(key)) fail(key, `missing key (the transition has [${[...dict.keys()].map(String).join(', ')}])`);
  return dict.get(key);
}

/** uint8 arrays (camera images) stay uint8; every other dtype becomes float32. */
function observationColumn(value: unknown, key: string, fail: Fail): Float32Array | Uint8Array {
  if (!(value instanceof NumpyArray)) return fail(key, `expected a numpy array, got ${describePython(value)}`);
  return value.dtype?.kind === 'u' && value.dtype.itemSize === 1 ? value.toUint8() : value.toFloat32();
}

function observation(value: unknown, key: string, fail: Fail): Observation {
  // serl sim demos store flat arrays; they become the `state` key.
  if (value instanceof NumpyArray) return { state: value.toFloat32() };
  if (!(value instanceof Map)) return fail(key, `expected a dict of numpy arrays or a numpy array, got ${describePython(value)}`);
  const out: Record<string, Float32Array | Uint8Array> = {};
  for (const [name, column] of value) {
    if (typeof name !== 'string' || name === '__proto__') fail(key, `expected string keys, got ${describePython(name)} ${String(name)}`);
    out[name] = observationColumn(column, `${key}.${name}`, fail);
  }
  return out;
}

function actions(value: unknown, fail: Fail): Float32Array {
  if (value instanceof NumpyArray) return value.toFloat32();
  if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return Float32Array.from(value as number[]);
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
 * dones, infos?}` to a Transition: `intervened` when `infos` has `intervene_action`, `success`
 * from `infos.succeed` when present.
 */
export function transitionFromPython(value: unknown, fail: Fail): Transition {
  if (!(value instanceof Map)) return fail('(transition)', `expected a dict, got ${describePython(value)}`);
  const infos = value.get('infos');
  if (infos !== undefined && infos !== null && !(infos instanceof Map)) {
    fail('infos', `expected a dict, got ${describePython(infos)}`);
  }
  const info = infos instanceof Map ? infos : new Map<unknown, unknown>();
  const intervene = info.get('intervene_action');
  const succeed = info.get('succeed');
  return {
    observations: observation(get(value, 'observations', fail), 'observations', fail),
    actions: actions(get(value, 'actions', fail), fail),
    nextObservations: observation(get(value, 'next_observations', fail), 'next_observations', fail),
    rewards: number(get(value, 'rewards', fail), 'rewards', fail),
    masks: number(get(value, 'masks', fail), 'masks', fail),
    dones: flag(get(value, 'dones', fail), 'dones', fail),
    intervened: intervene !== undefined && intervene !== null,
    ...(succeed === undefined || succeed === null ? {} : { success: flag(succeed, 'infos.succeed', fail) }),
  };
}
