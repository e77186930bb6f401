import { DEFAULT_SAC_CONFIG as D, SETUP_MODES, type PolicyOptions } from '@rlpd/sac-agent';
import { boxSize, type EnvSpec } from '@rlpd/spaces';
import { z } from 'zod';

/** The policy's gripper flags, spread into the actor's schema (the learner has the same names). */
export const policyFlagsSchema = z.object({
  setupMode: z
    .enum(SETUP_MODES)
    .default(D.setupMode)
    .describe(
      "single-arm-learned-gripper: the last action dimension is the grasp critic's command (close/stay/open) and the policy covers the arm; must match the learner.",
    ),
  graspCriticHiddenDims: z
    .array(z.number().int().positive())
    .default([...D.graspCriticHiddenDims])
    .describe('Learned gripper: hidden layer sizes of the grasp critic (must match the learner).'),
  graspEpsilon: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('Learned gripper: probability of a random gripper command while collecting (epsilon-greedy); evaluation is greedy.'),
});

/** Options of the `Policy` the actor runs, from its config and the env's spec. */
export function policyOptions(
  config: z.infer<typeof policyFlagsSchema> & { readonly hiddenDims: readonly number[]; readonly seed: number },
  spec: EnvSpec,
): PolicyOptions {
  return {
    observationDim: boxSize(spec.observationSpace.state),
    actionDim: boxSize(spec.actionSpace),
    hiddenDims: config.hiddenDims,
    setupMode: config.setupMode,
    graspCriticHiddenDims: config.graspCriticHiddenDims,
    graspEpsilon: config.graspEpsilon,
    seed: config.seed,
  };
}
