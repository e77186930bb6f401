import { z } from 'zod';
import { pickCubeConfigSchema } from './pick-cube-config.js';

/** Largest camera side accepted (pixels); the software renderer's cost grows with the area. */
const MAX_CAMERA_SIDE = 1024;
const cameraSide = z.number().int().positive().max(MAX_CAMERA_SIDE).default(128);

/** Configuration of pick-cube-vision: every pick-cube field plus the size of each camera. */
export const pickCubeVisionConfigSchema = pickCubeConfigSchema
  .extend({
    /** Width (pixels) of the `front` camera's image. Default 128. */
    frontWidth: cameraSide,
    /** Height (pixels) of the `front` camera's image. Default 128. */
    frontHeight: cameraSide,
    /** Width (pixels) of the `wrist` camera's image. Default 128. */
    wristWidth: cameraSide,
    /** Height (pixels) of the `wrist` camera's image. Default 128. */
    wristHeight: cameraSide,
  })
  .strict();

export type PickCubeVisionConfig = Readonly<z.infer<typeof pickCubeVisionConfigSchema>>;

/** The defaults, as one value (log it at start). */
export const DEFAULT_PICK_CUBE_VISION_CONFIG: PickCubeVisionConfig = pickCubeVisionConfigSchema.parse({});

/** Fills defaults and validates; throws a ZodError naming the bad field. */
export function resolvePickCubeVisionConfig(config: unknown = {}): PickCubeVisionConfig {
  return pickCubeVisionConfigSchema.parse(config);
}
