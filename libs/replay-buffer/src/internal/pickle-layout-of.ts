import type { ObservationLayout, PickleLayout, ScalarLayout } from '../pickle-layout.js';
import { NumpyArray } from './numpy-array.js';
import { NumpyScalar } from './numpy-element.js';
import { describePython, storedField } from './python-value.js';

function observationLayout(value: unknown): ObservationLayout {
  if (value instanceof Map) {
    const entries: Record<string, ObservationLayout> = {};
    for (const [name, child] of value) if (typeof name === 'string') entries[name] = observationLayout(child);
    return { kind: 'dict', entries };
  }
  const { shape, dtype } = value instanceof NumpyArray ? { shape: value.shape, dtype: value.dtypeName } : storedField(value);
  return { kind: 'array', shape: [...shape], dtype };
}

function scalarLayout(value: unknown): ScalarLayout {
  return { ...storedField(value), numpy: value instanceof NumpyScalar || value instanceof NumpyArray };
}

/** The layout of one parsed transition dict (one `transitionFromPython` has accepted). */
export function pickleLayoutOf(transition: unknown): PickleLayout {
  if (!(transition instanceof Map)) throw new Error(`expected a transition dict, got ${describePython(transition)}`);
  const infos = transition.get('infos');
  return {
    observations: observationLayout(transition.get('observations')),
    nextObservations: observationLayout(transition.get('next_observations')),
    actions: storedField(transition.get('actions')),
    rewards: scalarLayout(transition.get('rewards')),
    masks: scalarLayout(transition.get('masks')),
    dones: scalarLayout(transition.get('dones')),
    infos: infos !== undefined && infos !== null,
  };
}
