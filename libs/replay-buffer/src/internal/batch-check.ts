import type { Batch } from '@rlpd/spaces';
import { columnMatches, type Layout } from './layout.js';

/** Why `out` cannot take `rows` rows of `layout` (keys, dtypes, sizes), or null; allocates nothing when it fits. */
export function describeBatchMismatch(out: Batch, layout: Layout, rows: number): string | null {
  let fits = out.actions.length >= rows * layout.actionDim;
  for (const { key, size, dtype } of layout.observations) {
    const obs: unknown = out.observations[key];
    const next: unknown = out.nextObservations[key];
    fits &&= columnMatches(obs, dtype) && obs.length >= rows * size;
    fits &&= columnMatches(next, dtype) && next.length >= rows * size;
  }
  if (fits) return null;
  const expected = layout.observations.map(({ key, size, dtype }) => `${key}: ${dtype}[>= ${rows * size}]`);
  return (
    `batch does not fit; expected observation columns {${expected.join(', ')}} ` +
    `(same for nextObservations) and actions float32[>= ${rows * layout.actionDim}]`
  );
}
