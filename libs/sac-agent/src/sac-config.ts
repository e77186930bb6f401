import { z } from 'zod';

/**
 * Hyperparameters of the SAC agent. Defaults are hil-serl's (reference/hil-serl.md §3);
 * RLPD's differ in ensemble size 10, subsample 2 and discount 0.99.
 */
/**
 * How the gripper is controlled. `single-arm-continuous-gripper`: the policy outputs every action
 * dimension, the gripper's included. `single-arm-learned-gripper` (hil-serl's name): the last
 * action dimension is the gripper, chosen by a grasp critic (a DQN over close/stay/open); the
 * policy covers the other (arm) dimensions. hil-serl's `single-arm-fixed-gripper` (no gripper
 * action at all) is not offered: pick-cube needs its gripper.
 */
export const SETUP_MODES = ['single-arm-continuous-gripper', 'single-arm-learned-gripper'] as const;
export type SetupMode = (typeof SETUP_MODES)[number];

export interface SacConfig {
  /** Gripper control; see `SETUP_MODES`. Default 'single-arm-continuous-gripper'. */
  readonly setupMode: SetupMode;
  /** Learned gripper: reward added to the grasp critic's target for each close/open command (hil-serl: e.g. -0.02). Default -0.02. */
  readonly graspPenalty: number;
  /** Learned gripper: hidden widths of the grasp critic (hil-serl's launcher for the hybrid agent: [256, 256], LayerNorm, tanh; the class default is [128, 128]). Default [256, 256]. */
  readonly graspCriticHiddenDims: readonly number[];
  /** Hidden layer widths of actor and critic MLPs (Dense → LayerNorm → tanh each). Default [256, 256]. */
  readonly hiddenDims: readonly number[];
  /** Number of Q networks in the critic ensemble. Default 2. */
  readonly criticEnsembleSize: number;
  /** RLPD: the target takes the min over a random subset of this many members; null = all. Default null. */
  readonly criticSubsample: number | null;
  /** LayerNorm after each critic hidden Dense (hil-serl and RLPD: yes). Default true. */
  readonly criticLayerNorm: boolean;
  /** LayerNorm after each actor hidden Dense (hil-serl's policy: yes). Default true. */
  readonly actorLayerNorm: boolean;
  /** Discount γ. Default 0.97. */
  readonly discount: number;
  /** Polyak rate τ of the target critic, applied at every critic update. Default 0.005. */
  readonly tau: number;
  /** Adam learning rate of the actor. Default 3e-4. */
  readonly actorLr: number;
  /** Adam learning rate of the critic ensemble. Default 3e-4. */
  readonly criticLr: number;
  /** Adam learning rate of the temperature parameter. Default 3e-4. */
  readonly temperatureLr: number;
  /** Adam β1, β2, ε (optax defaults). Default 0.9, 0.999, 1e-8. */
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly adamEpsilon: number;
  /** Initial temperature α (softplus-parameterised Lagrange multiplier). Default 0.01. */
  readonly initTemperature: number;
  /** Target entropy; null = -actionDim / 2. Default null. */
  readonly targetEntropy: number | null;
  /** Subtract α·logπ(a'|s') in the TD target (soft backup). hil-serl: false. */
  readonly backupEntropy: boolean;
  /** Policy std = exp(logStd) clipped to [stdMin, stdMax]. Default 1e-5, 5. */
  readonly stdMin: number;
  readonly stdMax: number;
}

export const DEFAULT_SAC_CONFIG: SacConfig = Object.freeze({
  setupMode: 'single-arm-continuous-gripper',
  graspPenalty: -0.02,
  graspCriticHiddenDims: Object.freeze([256, 256]),
  hiddenDims: Object.freeze([256, 256]),
  criticEnsembleSize: 2,
  criticSubsample: null,
  criticLayerNorm: true,
  actorLayerNorm: true,
  discount: 0.97,
  tau: 0.005,
  actorLr: 3e-4,
  criticLr: 3e-4,
  temperatureLr: 3e-4,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  initTemperature: 0.01,
  targetEntropy: null,
  backupEntropy: false,
  stdMin: 1e-5,
  stdMax: 5,
});

const positive = z.number().positive();
const unit = z.number().min(0).max(1);
const sacConfigSchema = z
  .object({
    setupMode: z.enum(SETUP_MODES),
    graspPenalty: z.number(),
    graspCriticHiddenDims: z.array(z.number().int().positive()).min(1),
    hiddenDims: z.array(z.number().int().positive()).min(1),
    criticEnsembleSize: z.number().int().min(1),
    criticSubsample: z.number().int().min(1).nullable(),
    criticLayerNorm: z.boolean(),
    actorLayerNorm: z.boolean(),
    discount: unit,
    tau: unit,
    actorLr: positive,
    criticLr: positive,
    temperatureLr: positive,
    adamBeta1: z.number().min(0).lt(1),
    adamBeta2: z.number().min(0).lt(1),
    adamEpsilon: positive,
    initTemperature: positive,
    targetEntropy: z.number().nullable(),
    backupEntropy: z.boolean(),
    stdMin: positive,
    stdMax: positive,
  })
  .strict()
  .refine((c) => c.criticSubsample === null || c.criticSubsample <= c.criticEnsembleSize, {
    message: 'criticSubsample must be <= criticEnsembleSize',
  })
  .refine((c) => c.stdMin < c.stdMax, { message: 'stdMin must be < stdMax' });

/** Defaults overridden by `overrides`, validated; throws naming each bad field. */
export function resolveSacConfig(overrides: Partial<SacConfig> = {}): SacConfig {
  const merged = { ...DEFAULT_SAC_CONFIG, ...overrides };
  const parsed = sacConfigSchema.safeParse({ ...merged, hiddenDims: [...merged.hiddenDims], graspCriticHiddenDims: [...merged.graspCriticHiddenDims] });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new Error(`invalid SacConfig: ${issues.join('; ')}`);
  }
  return Object.freeze({
    ...parsed.data,
    hiddenDims: Object.freeze(parsed.data.hiddenDims),
    graspCriticHiddenDims: Object.freeze(parsed.data.graspCriticHiddenDims),
  });
}
