import { z } from 'zod';
import type { Observation } from '@rlpd/spaces';
import type { Intervener, InterventionContext } from './intervener.js';
import { pickCubeOracleAction } from './pick-cube-oracle.js';
import { mulberry32 } from './internal/mulberry32.js';

/** Configuration of the oracle intervener; every field but `mode` has a default. */
export const oracleIntervenerConfigSchema = z
  .object({
    /** 'stall': take over after `stallSteps` steps without progress. */
    mode: z.literal('stall').default('stall'),
    /** Steps without progress (best episode reward not beaten by `progressEpsilon`) before taking over. Default 10. */
    stallSteps: z.number().int().positive().default(10),
    /** Steps the oracle keeps control once it takes over. Default 20. */
    takeoverSteps: z.number().int().positive().default(20),
    /** Margin by which a reward must beat the episode's best to count as progress. Default 0.01. */
    progressEpsilon: z.number().nonnegative().default(0.01),
    /** Standard deviation of gaussian noise on the oracle's actions. Default 0. */
    noise: z.number().nonnegative().default(0),
    /** Seed of the noise RNG. Default 0. */
    seed: z.number().int().default(0),
  })
  .strict();

export type OracleIntervenerConfig = Readonly<z.infer<typeof oracleIntervenerConfigSchema>>;

/** A scripted controller: observation (+ rng, noise) to action. */
export type OracleAction = (observation: Observation, rng: () => number, noise: number) => Float32Array;

/**
 * An intervener that watches progress and lets a scripted oracle take over when the policy
 * stalls. Progress is `ctx.lastReward` beating the reference reward (the reward at the last
 * progress, so a slow creep adds up) by more than `progressEpsilon`. After `stallSteps`
 * policy steps without progress it returns oracle actions for `takeoverSteps` steps, then
 * hands back. Rewards of oracle actions can raise the reference but never count as stalls,
 * so after a hand-back the policy again gets `stallSteps` judged steps, and must keep what
 * the oracle achieved or improve on it.
 */
export function createOracleIntervener(
  config: Partial<OracleIntervenerConfig> = {},
  oracle: OracleAction = pickCubeOracleAction,
): Intervener {
  const { stallSteps, takeoverSteps, progressEpsilon, noise, seed } = oracleIntervenerConfigSchema.parse(config);
  const rng = mulberry32(seed);
  let reference = Number.NEGATIVE_INFINITY;
  let stalled = 0;
  let takeoverLeft = 0;
  let oracleActedLast = false;
  return {
    reset(): void {
      reference = Number.NEGATIVE_INFINITY;
      stalled = 0;
      takeoverLeft = 0;
      oracleActedLast = false;
    },
    act(ctx: InterventionContext): Float32Array | null {
      if (ctx.episodeStep > 0) {
        if (ctx.lastReward > reference + progressEpsilon) {
          reference = ctx.lastReward;
          stalled = 0;
        } else if (!oracleActedLast) {
          stalled++;
        }
      }
      if (takeoverLeft === 0 && stalled >= stallSteps) {
        takeoverLeft = takeoverSteps;
        stalled = 0;
      }
      oracleActedLast = takeoverLeft > 0;
      if (takeoverLeft === 0) return null;
      takeoverLeft--;
      return oracle(ctx.observation, rng, noise);
    },
  };
}
