import { z } from 'zod';

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const vec2 = z.tuple([z.number(), z.number()]);

/** Configuration of the embedded MuJoCo pick-cube task; every field has a default. */
export const pickCubeConfigSchema = z
  .object({
    /** Seed of the env's RNG stream, used by resets without an explicit seed. Default 0. */
    seed: z.number().int().default(0),
    /** Control steps after which an episode is truncated. Default 100. */
    maxEpisodeSteps: z.number().int().positive().default(100),
    /** Physics steps (2 ms each) per control step; 50 gives 10 Hz control. Default 50. */
    physicsStepsPerControl: z.number().int().positive().default(50),
    /**
     * Physics steps over which the mocap target glides to its new position at the start of a
     * control step (a smooth pull instead of a 10 cm jump). Default 25.
     */
    mocapGlideSteps: z.number().int().positive().default(25),
    /** Metres of TCP target motion per unit of action. Default 0.1. */
    actionScale: z.number().positive().default(0.1),
    /** Lower corner of the TCP target workspace (x, y, z). Default [0.2, -0.3, 0]. */
    workspaceLow: vec3.default([0.2, -0.3, 0]),
    /** Upper corner of the TCP target workspace (x, y, z). Default [0.6, 0.3, 0.5]. */
    workspaceHigh: vec3.default([0.6, 0.3, 0.5]),
    /** Lower corner (x, y) of the cube's uniform start region. Default [0.25, -0.25]. */
    cubeXyLow: vec2.default([0.25, -0.25]),
    /** Upper corner (x, y) of the cube's uniform start region. Default [0.55, 0.25]. */
    cubeXyHigh: vec2.default([0.55, 0.25]),
    /** TCP home position at reset, gripper open. Default [0.4, 0, 0.2]. */
    homePosition: vec3.default([0.4, 0, 0.2]),
    /** Physics steps run after a reset so contacts settle. Default 20. */
    settleSteps: z.number().int().nonnegative().default(20),
    /** Lift (m) above the resting height counted as success. Default 0.05. */
    successLift: z.number().positive().default(0.05),
    /** Lift (m) at which the lift term of the reward saturates. Default 0.2. */
    fullRewardLift: z.number().positive().default(0.2),
    /** Distance (m) the cube may leave the workspace's xy box before the episode terminates. Default 0.05. */
    terminationMargin: z.number().nonnegative().default(0.05),
    /**
     * How a[3] drives the fingers. 'binary' (default) is the real Franka env's rule: the
     * gripper closes when a[3] <= -0.5, opens when a[3] >= 0.5 and otherwise keeps its state,
     * so exploration noise does not half-close it. 'absolute' maps a[3] in [-1, 1] linearly to
     * the finger opening (closed .. open).
     */
    gripperMode: z.enum(['binary', 'absolute']).default('binary'),
  })
  .strict();

export type PickCubeConfig = Readonly<z.infer<typeof pickCubeConfigSchema>>;

/** The defaults, as one value (log it at start). */
export const DEFAULT_PICK_CUBE_CONFIG: PickCubeConfig = pickCubeConfigSchema.parse({});

/** Fills defaults and validates; throws a ZodError naming the bad field. */
export function resolvePickCubeConfig(config: unknown = {}): PickCubeConfig {
  return pickCubeConfigSchema.parse(config);
}
