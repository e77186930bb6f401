import type { ObservationSpace } from '@rlpd/spaces';

interface BufferShape {
  readonly observationSpace: ObservationSpace;
  readonly actionDim: number;
}

/** Why two buffers cannot fill one batch (different keys, shapes, dtypes or action size), or null. */
export function describeBufferMismatch(a: BufferShape, b: BufferShape): string | null {
  if (a.actionDim !== b.actionDim) return `actionDim differs: ${a.actionDim} vs ${b.actionDim}`;
  const aKeys = Object.keys(a.observationSpace).sort();
  const bKeys = Object.keys(b.observationSpace).sort();
  if (aKeys.join(',') !== bKeys.join(',')) {
    return `observation keys differ: [${aKeys.join(', ')}] vs [${bKeys.join(', ')}]`;
  }
  for (const key of aKeys) {
    const x = a.observationSpace[key];
    const y = b.observationSpace[key];
    if (x.shape.join('x') !== y.shape.join('x') || x.dtype !== y.dtype) {
      return `observation '${key}' differs: ${x.dtype}[${x.shape.join(',')}] vs ${y.dtype}[${y.shape.join(',')}]`;
    }
  }
  return null;
}
