import { z } from 'zod';
import type { Observation } from '@rlpd/spaces';
import type { Intervener, InterventionContext } from './intervener.js';
import { pickCubeOracleAction } from './pick-cube-oracle.js';
import { mulberry32 } from '@rlpd/spaces';

/** Episode length assumed for the budget when the env does not say (pick-cube's 100). */
const DEFAULT_EPISODE_STEPS = 100;

/** Configuration of the oracle intervener; every field has a default. */
export const oracleIntervenerConfigSchema = z
  .object({
    /**
     * When the oracle, a stand-in for a person, takes over. Every mode uses the stall trigger
     * below; 'stall' alone: whenever the policy stalls. 'budget': at most `budgetFraction` of
     * each episode's steps, a fraction that halves every `budgetHalfLife` learner steps (a
     * person who helps less as the policy improves). 'always-after-step': only from learner step
     * `startStep` on (a person who lets the policy explore first). Default 'stall'.
     */
    mode: z.enum(['stall', 'budget', 'always-after-step']).default('stall'),
    /** Steps without progress (best episode reward not beaten by `progressEpsilon`) before taking over. Default 10. */
    stallSteps: z.number().int().positive().default(10),
    /** Steps the oracle keeps control once it takes over. Default 20. */
    takeoverSteps: z.number().int().positive().default(20),
    /** Margin by which a reward must beat the episode's best to count as progress. Default 0.01. */
    progressEpsilon: z.number().nonnegative().default(0.01),
    /** 'budget': largest fraction of an episode's steps the oracle may take, at learner step 0. Default 0.2. */
    budgetFraction: z.number().min(0).max(1).default(0.2),
    /** 'budget': learner steps after which the fraction halves (0: never decays). Default 5000. */
    budgetHalfLife: z.number().nonnegative().default(5000),
    /** 'always-after-step': learner step from which the oracle may take over. Default 1000. */
    startStep: z.number().int().nonnegative().default(1000),
    /** Every mode: learner step from which the oracle never takes over again (0: never stops). Default 0. */
    stopStep: z.number().int().nonnegative().default(0),
    /** Standard deviation of gaussian noise on the oracle's actions. Default 0. */
    noise: z.number().nonnegative().default(0),
    /** Seed of the noise RNG. Default 0. */
    seed: z.number().int().default(0),
  })
  .strict();

export type OracleIntervenerConfig = Readonly<z.infer<typeof oracleIntervenerConfigSchema>>;

/** A scripted controller: observation (+ rng, noise, and the sim's privileged state when the env reports one) to action. */
export type OracleAction = (observation: Observation, rng: () => number, noise: number, privilegedState?: Float32Array) => Float32Array;

/** 'budget' mode: oracle steps allowed in an episode of `episodeSteps` at `learnerStep`. */
export function oracleBudgetSteps(
  config: Pick<OracleIntervenerConfig, 'budgetFraction' | 'budgetHalfLife'>,
  learnerStep: number,
  episodeSteps: number,
): number {
  const decay = config.budgetHalfLife > 0 ? 0.5 ** (learnerStep / config.budgetHalfLife) : 1;
  return Math.floor(config.budgetFraction * decay * episodeSteps);
}

/**
 * An intervener that watches progress and lets a scripted oracle take over when the policy
 * stalls. Progress is `ctx.lastReward` beating the reference reward (the reward at the last
 * progress, so a slow creep adds up) by more than `progressEpsilon`. After `stallSteps`
 * policy steps without progress it returns oracle actions for `takeoverSteps` steps, then
 * hands back. Rewards of oracle actions can raise the reference but never count as stalls,
 * so after a hand-back the policy again gets `stallSteps` judged steps, and must keep what
 * the oracle achieved or improve on it. While the env reports success (`ctx.lastSuccess`) the
 * policy is never judged stalled and a takeover ends. The mode limits when a takeover may happen or last
 * (see `mode`), and `stopStep` (when > 0) ends them all from that learner step on, a takeover
 * in progress included; the learner step comes from `ctx.learnerStep` (0 when absent).
 */
export function createOracleIntervener(config: Partial<OracleIntervenerConfig> = {}, oracle: OracleAction = pickCubeOracleAction): Intervener {
  const parsed = oracleIntervenerConfigSchema.parse(config);
  const { mode, stallSteps, takeoverSteps, progressEpsilon, noise, seed } = parsed;
  const rng = mulberry32(seed);
  let reference = Number.NEGATIVE_INFINITY;
  let stalled = 0;
  let takeoverLeft = 0;
  let oracleActedLast = false;
  let spent = 0;
  /** Oracle steps still allowed now (Infinity when the mode sets no limit). */
  const allowance = (ctx: InterventionContext): number => {
    const learnerStep = ctx.learnerStep ?? 0;
    // A person who helps only up to a point (the stop applies to every mode; 0: never stops).
    if (parsed.stopStep > 0 && learnerStep >= parsed.stopStep) return 0;
    if (mode === 'always-after-step') return learnerStep >= parsed.startStep ? Number.POSITIVE_INFINITY : 0;
    if (mode === 'budget') return oracleBudgetSteps(parsed, learnerStep, ctx.maxEpisodeSteps ?? DEFAULT_EPISODE_STEPS) - spent;
    return Number.POSITIVE_INFINITY;
  };
  return {
    reset(): void {
      reference = Number.NEGATIVE_INFINITY;
      stalled = 0;
      takeoverLeft = 0;
      oracleActedLast = false;
      spent = 0;
    },
    act(ctx: InterventionContext): Float32Array | null {
      if (ctx.episodeStep > 0) {
        if (ctx.lastReward > reference + progressEpsilon) {
          reference = ctx.lastReward;
          stalled = 0;
        } else if (ctx.lastSuccess === true) {
          // The task is achieved (e.g. the cube is held up): the reward plateaus, but a person
          // watching would not take over, and would hand back at once.
          stalled = 0;
          takeoverLeft = 0;
        } else if (!oracleActedLast) {
          stalled++;
        }
      }
      const allowed = allowance(ctx);
      if (takeoverLeft === 0 && stalled >= stallSteps && allowed > 0) {
        takeoverLeft = takeoverSteps;
        stalled = 0;
      }
      if (allowed <= 0) takeoverLeft = 0; // the budget ran out mid-takeover
      oracleActedLast = takeoverLeft > 0;
      if (takeoverLeft === 0) return null;
      takeoverLeft--;
      spent++;
      return oracle(ctx.observation, rng, noise, ctx.privilegedState);
    },
  };
}
