import { describe, expect, it } from 'vitest';
import { createOracleIntervener, oracleBudgetSteps, oracleIntervenerConfigSchema, type OracleAction } from './index.js';

const ORACLE_ACTION = Float32Array.of(9, 9);
const fakeOracle: OracleAction = () => ORACLE_ACTION;
const observation = { state: Float32Array.of(0) };

/** Feeds a reward sequence (reward of step t-1 seen at step t) and returns which steps were taken over. */
function takeovers(
  rewards: readonly number[],
  config: Parameters<typeof createOracleIntervener>[0],
  extra: { learnerStep?: number; maxEpisodeSteps?: number } = {},
  successes: readonly boolean[] = [],
): number[] {
  const intervener = createOracleIntervener(config, fakeOracle);
  intervener.reset();
  const out: number[] = [];
  for (let t = 0; t <= rewards.length; t++) {
    const lastSuccess = t > 0 && successes[t - 1] === true;
    const a = intervener.act({ observation, lastReward: t === 0 ? 0 : rewards[t - 1], lastSuccess, episodeStep: t, ...extra });
    if (a !== null) {
      expect(a).toBe(ORACLE_ACTION);
      out.push(t);
    }
  }
  return out;
}

describe('createOracleIntervener (stall mode)', () => {
  it('has documented defaults', () => {
    expect(oracleIntervenerConfigSchema.parse({})).toEqual({
      mode: 'stall',
      stallSteps: 10,
      takeoverSteps: 20,
      progressEpsilon: 0.01,
      budgetFraction: 0.2,
      budgetHalfLife: 5000,
      startStep: 1000,
      stopStep: 0,
      noise: 0,
      seed: 0,
    });
    expect(() => oracleIntervenerConfigSchema.parse({ mode: 'always' })).toThrow();
  });

  it('never takes over while the best reward keeps improving', () => {
    const rising = Array.from({ length: 50 }, (_, i) => i * 0.02);
    expect(takeovers(rising, { stallSteps: 3, takeoverSteps: 2 })).toEqual([]);
  });

  it('takes over after K flat steps, for M steps, then hands back', () => {
    // Step 1 sees the first reward (progress); steps 2, 3, 4 see no progress -> takeover at 4, 5.
    // Step 6 sees the oracle's reward (not judged); 7, 8, 9 judge the policy -> takeover at 9, 10.
    const flat = new Array<number>(12).fill(0.1);
    expect(takeovers(flat, { stallSteps: 3, takeoverSteps: 2 })).toEqual([4, 5, 9, 10]);
  });

  it('does not take over while the task is achieved (a held success plateaus the reward), and hands back when it is', () => {
    // Rising, then flat from step 4 on: success from step 5 to step 14, failure after.
    const rewards = Array.from({ length: 22 }, (_, i) => Math.min(i, 4) * 0.1);
    const success = rewards.map((_, i) => i >= 5 && i < 15);
    expect(takeovers(rewards, { stallSteps: 3, takeoverSteps: 2 })).toEqual([8, 9, 13, 14, 18, 19]);
    // Steps 6-15 see success: never judged stalled; steps 16-18 see failure again -> takeover at 18, 19.
    expect(takeovers(rewards, { stallSteps: 3, takeoverSteps: 2 }, {}, success)).toEqual([18, 19]);
    // A takeover in progress ends as soon as the step it produced succeeds.
    const stuck = new Array<number>(10).fill(0.1);
    const succeedsAt5 = stuck.map((_, i) => i >= 5);
    expect(takeovers(stuck, { stallSteps: 3, takeoverSteps: 4 }, {}, succeedsAt5)).toEqual([4, 5]);
  });

  it('counts improvements below epsilon as no progress, and resets per episode', () => {
    const creeping = Array.from({ length: 6 }, (_, i) => 0.1 + i * 0.001);
    expect(takeovers(creeping, { stallSteps: 2, takeoverSteps: 1, progressEpsilon: 0.01 })).toEqual([3, 6]);
    expect(takeovers(creeping, { stallSteps: 2, takeoverSteps: 1, progressEpsilon: 0 })).toEqual([]);
    // A creep of 0.006 per step beats the reference (0.1) by more than 0.01 every second step.
    const slow = Array.from({ length: 12 }, (_, i) => 0.1 + i * 0.006);
    expect(takeovers(slow, { stallSteps: 2, takeoverSteps: 1, progressEpsilon: 0.01 })).toEqual([]);
    const intervener = createOracleIntervener({ stallSteps: 1, takeoverSteps: 5 }, fakeOracle);
    intervener.act({ observation, lastReward: 0, episodeStep: 0 });
    intervener.act({ observation, lastReward: 0.5, episodeStep: 1 });
    expect(intervener.act({ observation, lastReward: 0.5, episodeStep: 2 })).not.toBeNull();
    intervener.reset();
    expect(intervener.act({ observation, lastReward: 0, episodeStep: 0 })).toBeNull();
  });
});

describe('createOracleIntervener (budget and always-after-step modes)', () => {
  const flat = new Array<number>(40).fill(0.1);

  it('budget: the per-episode budget is a fraction of the episode that halves every half-life', () => {
    const config = { budgetFraction: 0.2, budgetHalfLife: 1000 };
    expect(oracleBudgetSteps(config, 0, 100)).toBe(20);
    expect(oracleBudgetSteps(config, 1000, 100)).toBe(10);
    expect(oracleBudgetSteps(config, 3000, 100)).toBe(2);
    expect(oracleBudgetSteps({ budgetFraction: 0.2, budgetHalfLife: 0 }, 1e9, 100)).toBe(20);
  });

  it('budget: takes over on stalls until the episode budget is spent, and less as training goes on', () => {
    const config = { mode: 'budget' as const, stallSteps: 3, takeoverSteps: 4, budgetFraction: 0.1, budgetHalfLife: 1000 };
    // 10% of a 50-step episode = 5 oracle steps: one full takeover (4) and 1 of the next.
    expect(takeovers(flat, config, { learnerStep: 0, maxEpisodeSteps: 50 })).toEqual([4, 5, 6, 7, 11]);
    // At learner step 1000 the budget is 2 steps; a fresh episode gets it again.
    expect(takeovers(flat, config, { learnerStep: 1000, maxEpisodeSteps: 50 })).toEqual([4, 5]);
    expect(takeovers(flat, config, { learnerStep: 4000, maxEpisodeSteps: 50 })).toEqual([]);
    // Without maxEpisodeSteps the budget assumes 100 steps (10 oracle steps).
    expect(takeovers(flat, config)).toHaveLength(10);
  });

  it('always-after-step: never before learner step S, the stall rule from S on', () => {
    const config = { mode: 'always-after-step' as const, stallSteps: 3, takeoverSteps: 2, startStep: 500 };
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 499 })).toEqual([]);
    expect(takeovers(flat.slice(0, 12), config)).toEqual([]); // no learner step known: 0
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 500 })).toEqual([4, 5, 9, 10]);
  });

  it('stop step: always-after-step intervenes only while start <= learner step < stop', () => {
    const config = { mode: 'always-after-step' as const, stallSteps: 3, takeoverSteps: 2, startStep: 200, stopStep: 1000 };
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 199 })).toEqual([]);
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 200 })).toEqual([4, 5, 9, 10]);
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 999 })).toEqual([4, 5, 9, 10]);
    expect(takeovers(flat.slice(0, 12), config, { learnerStep: 1000 })).toEqual([]);
    // 0 means the oracle never stops.
    expect(takeovers(flat.slice(0, 12), { ...config, stopStep: 0 }, { learnerStep: 1e6 })).toEqual([4, 5, 9, 10]);
  });

  it('stop step: applies to stall mode too, and ends a takeover in progress', () => {
    expect(takeovers(flat.slice(0, 12), { stallSteps: 3, takeoverSteps: 2, stopStep: 1000 }, { learnerStep: 999 })).toEqual([4, 5, 9, 10]);
    expect(takeovers(flat.slice(0, 12), { stallSteps: 3, takeoverSteps: 2, stopStep: 1000 }, { learnerStep: 1000 })).toEqual([]);
    // The learner step passes the stop mid-takeover: the oracle hands back at once.
    const intervener = createOracleIntervener({ stallSteps: 1, takeoverSteps: 5, stopStep: 10 }, fakeOracle);
    intervener.reset();
    const acted = [0, 1, 2, 3].map(
      (t) => intervener.act({ observation, lastReward: 0.1, lastSuccess: false, episodeStep: t, learnerStep: t < 3 ? 9 : 10 }) !== null,
    );
    expect(acted).toEqual([false, false, true, false]);
  });
});
