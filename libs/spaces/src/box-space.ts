import { z } from 'zod';

/** Element types a space may hold. Images are uint8; everything else float32. */
export const spaceDtypeSchema = z.enum(['float32', 'uint8']);
export type SpaceDtype = z.infer<typeof spaceDtypeSchema>;

/**
 * A box: a fixed-shape array whose elements lie in [low, high]. `low`/`high` are per element
 * (flattened, length = product of shape) so workspace limits can differ per axis.
 */
export const boxSpaceSchema = z.object({
  shape: z.array(z.number().int().positive()).max(8),
  dtype: spaceDtypeSchema,
  low: z.array(z.number()),
  high: z.array(z.number()),
});
export type BoxSpace = Readonly<z.infer<typeof boxSpaceSchema>>;

/** Number of elements of a box (product of its shape; 1 for a scalar shape []). */
export function boxSize(space: Pick<BoxSpace, 'shape'>): number {
  return space.shape.reduce((a, b) => a * b, 1);
}

/** A box with the same bounds on every element. */
export function box(shape: readonly number[], low: number, high: number, dtype: SpaceDtype = 'float32'): BoxSpace {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape: [...shape], dtype, low: new Array<number>(n).fill(low), high: new Array<number>(n).fill(high) };
}

/** How errors name a box's element type and shape: `uint8[128,128,3]`, `float32[7]`. */
export function formatBoxType(dtype: SpaceDtype, shape: readonly number[]): string {
  return `${dtype}[${shape.join(',')}]`;
}
