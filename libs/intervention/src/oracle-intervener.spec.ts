import { describe, expect, it } from 'vitest';
import { createOracleIntervener, oracleIntervenerConfigSchema, type OracleAction } from './index.js';

const ORACLE_ACTION = Float32Array.of(9, 9);
const fakeOracle: OracleAction = () => ORACLE_ACTION;
const observation = { state: Float32Array.of(0) };

/** Feeds a reward sequence (reward of step t-1 seen at step t) and returns which steps were taken over. */
function takeovers(rewards: readonly number[], config: Parameters<typeof createOracleIntervener>[0]): number[] {
  const intervener = createOracleIntervener(config, fakeOracle);
  intervener.reset();
  const out: number[] = [];
  for (let t = 0; t <= rewards.length; t++) {
    const a = intervener.act({ observation, lastReward: t === 0 ? 0 : rewards[t - 1], episodeStep: t });
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
