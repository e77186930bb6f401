import { DEFAULT_SAC_CONFIG as D, SETUP_MODES, type SacConfig } from '@rlpd/sac-agent';
import { z } from 'zod';

/**
 * The SAC agent's options as learner flags, hil-serl's names where hil-serl has the option
 * (`critic_subsample_size`, `soft_target_update_rate`, `temperature_init`, …). Spread into the
 * learner's schema; `discount`, `hiddenDims` and `criticEnsembleSize` live there already.
 */
export const agentFlagsSchema = z.object({
  setupMode: z
    .enum(SETUP_MODES)
    .default(D.setupMode)
    .describe(
      'single-arm-learned-gripper: a grasp critic (DQN over close/stay/open) chooses the gripper and the policy covers the arm dimensions; single-arm-continuous-gripper: the policy outputs the gripper too. Actors must use the same.',
    ),
  graspPenalty: z.number().default(D.graspPenalty).describe("Learned gripper: reward added to the grasp critic's target for each close/open command."),
  graspCriticHiddenDims: z
    .array(z.number().int().positive())
    .default([...D.graspCriticHiddenDims])
    .describe('Learned gripper: hidden layer sizes of the grasp critic (actors must use the same).'),
  criticSubsampleSize: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('RLPD: the TD target takes the min over a random subset of this many critics (RLPD: 2 of 10). Default: all critics (hil-serl).'),
  utd: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "RLPD's update-to-data ratio: critic updates per learner step, one of them with the actor. Sets --cta-ratio to the same number (hil-serl's name for it).",
    ),
  softTargetUpdateRate: z.number().min(0).max(1).default(D.tau).describe('Polyak rate tau of the target critics, applied after every critic update.'),
  temperatureInit: z.number().positive().default(D.initTemperature).describe('Initial entropy temperature alpha.'),
  targetEntropy: z.number().optional().describe("Target entropy of the temperature's constraint. Default: -(continuous action dims)/2."),
  backupEntropy: z.boolean().default(D.backupEntropy).describe("Subtract alpha * log pi(a'|s') in the TD target (soft backup; hil-serl: off)."),
  actorLr: z.number().positive().default(D.actorLr).describe('Adam learning rate of the actor.'),
  criticLr: z.number().positive().default(D.criticLr).describe('Adam learning rate of the critics.'),
  temperatureLr: z.number().positive().default(D.temperatureLr).describe('Adam learning rate of the temperature.'),
  adamBeta1: z.number().min(0).lt(1).default(D.adamBeta1).describe('Adam beta1 of every optimiser.'),
  adamBeta2: z.number().min(0).lt(1).default(D.adamBeta2).describe('Adam beta2 of every optimiser.'),
  adamEpsilon: z.number().positive().default(D.adamEpsilon).describe('Adam epsilon of every optimiser.'),
  criticLayerNorm: z.boolean().default(D.criticLayerNorm).describe('LayerNorm after each critic hidden layer (hil-serl and RLPD: on).'),
  actorLayerNorm: z.boolean().default(D.actorLayerNorm).describe('LayerNorm after each policy hidden layer (hil-serl: on).'),
  stdMin: z.number().positive().default(D.stdMin).describe("Lower clip of the policy's standard deviation."),
  stdMax: z.number().positive().default(D.stdMax).describe("Upper clip of the policy's standard deviation."),
});

export type AgentFlags = Readonly<z.infer<typeof agentFlagsSchema>>;

/** The agent config the flags describe (validated again by `SacAgent.create`). */
export function sacConfigFromFlags(
  f: AgentFlags & { readonly discount: number; readonly hiddenDims: readonly number[]; readonly criticEnsembleSize: number },
): Partial<SacConfig> {
  return {
    setupMode: f.setupMode,
    graspPenalty: f.graspPenalty,
    graspCriticHiddenDims: f.graspCriticHiddenDims,
    discount: f.discount,
    hiddenDims: f.hiddenDims,
    criticEnsembleSize: f.criticEnsembleSize,
    criticSubsample: f.criticSubsampleSize ?? null,
    tau: f.softTargetUpdateRate,
    initTemperature: f.temperatureInit,
    targetEntropy: f.targetEntropy ?? null,
    backupEntropy: f.backupEntropy,
    actorLr: f.actorLr,
    criticLr: f.criticLr,
    temperatureLr: f.temperatureLr,
    adamBeta1: f.adamBeta1,
    adamBeta2: f.adamBeta2,
    adamEpsilon: f.adamEpsilon,
    criticLayerNorm: f.criticLayerNorm,
    actorLayerNorm: f.actorLayerNorm,
    stdMin: f.stdMin,
    stdMax: f.stdMax,
  };
}

/** Critic updates per learner step: `--utd` when given (RLPD's view), else `--cta-ratio` (hil-serl's). */
export function criticUpdatesPerStep(f: { readonly utd?: number; readonly ctaRatio: number }): number {
  return f.utd ?? f.ctaRatio;
}
