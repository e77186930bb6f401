import type { Observation, Transition } from '@rlpd/spaces';
import { columnMatches, dtypeOfColumn, type Layout } from './layout.js';

function describeArray(value: unknown): string {
  if (value instanceof Float32Array) return `float32[${value.length}]`;
  if (value instanceof Uint8Array) return `uint8[${value.length}]`;
  if (value === undefined) return 'nothing';
  return typeof value;
}

function checkObservation(obs: Observation | undefined, field: string, layout: Layout): string | null {
  if (obs === null || typeof obs !== 'object') return `${field}: expected an object of typed arrays, got ${typeof obs}`;
  for (const spec of layout.observations) {
    const column: unknown = obs[spec.key];
    if (!columnMatches(column, spec.dtype) || column.length !== spec.size) {
      // Typed arrays carry no shape: the element count is what was found; images also name their shape.
      const shape = spec.shape.length > 1 ? ` (shape [${spec.shape.join(',')}])` : '';
      return `${field}.${spec.key}: expected ${spec.dtype}[${spec.size}]${shape}, got ${describeArray(column)}`;
    }
  }
  // Every layout key is present, so there are extra keys only if the counts differ (no allocation on the happy path).
  let keys = 0;
  for (const key in obs) if (Object.hasOwn(obs, key)) keys++;
  if (keys === layout.observations.length) return null;
  const known = new Set(layout.observations.map((s) => s.key));
  const extra = Object.keys(obs).filter((k) => !known.has(k));
  if (extra.length > 0) {
    const names = extra.map((k) => `${k} (${dtypeOfColumn(obs[k])}[${obs[k].length}])`).join(', ');
    return `${field}: unexpected key(s) ${names}; the layout has [${[...known].join(', ')}]`;
  }
  return null;
}

/** Returns why `t` does not fit `layout` (naming the key, expected and actual), or null. */
export function describeTransitionMismatch(t: Transition, layout: Layout): string | null {
  const obsError = checkObservation(t.observations, 'observations', layout);
  if (obsError) return obsError;
  const nextError = checkObservation(t.nextObservations, 'nextObservations', layout);
  if (nextError) return nextError;
  if (!(t.actions instanceof Float32Array) || t.actions.length !== layout.actionDim) {
    return `actions: expected float32[${layout.actionDim}], got ${describeArray(t.actions)}`;
  }
  for (const key of ['rewards', 'masks'] as const) {
    if (typeof t[key] !== 'number' || !Number.isFinite(t[key])) return `${key}: expected a finite number, got ${t[key]}`;
  }
  if (typeof t.dones !== 'boolean') return `dones: expected a boolean, got ${typeof t.dones}`;
  if (typeof t.intervened !== 'boolean') return `intervened: expected a boolean, got ${typeof t.intervened}`;
  return null;
}
