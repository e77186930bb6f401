import { describe, expect, it } from 'vitest';
import { createEnv, createPickCubeEnv } from '@rlpd/robot-env';
import { InterventionWrapper, createOracleIntervener, pickCubeOracleAction, privilegedStateOf } from './index.js';
import { mulberry32 } from '@rlpd/spaces';

const SEEDS = 25;

/** Success rate over SEEDS episodes; with `fullEpisodes` also the rate still lifted at step 100. */
async function successRate(noise: number, fullEpisodes: boolean): Promise<{ rate: number; heldRate: number; steps: number }> {
  const env = await createPickCubeEnv();
  const rng = mulberry32(1);
  let successes = 0;
  let held = 0;
  let steps = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    let { observation } = await env.reset({ seed });
    let succeeded = false;
    for (let t = 0; t < env.spec.maxEpisodeSteps; t++) {
      const r = await env.step(pickCubeOracleAction(observation, rng, noise));
      steps++;
      observation = r.observation;
      succeeded ||= r.info.success;
      if (r.truncated && r.info.success) held++;
      if ((succeeded && !fullEpisodes) || r.terminated || r.truncated) break;
    }
    if (succeeded) successes++;
  }
  await env.close();
  return { rate: successes / SEEDS, heldRate: held / SEEDS, steps };
}

describe('pickCubeOracleAction', () => {
  it('returns actions in [-1, 1] and rejects a foreign state', () => {
    const state = Float32Array.of(0.4, 0, 0.2, 0, 0, 0, 1, 0.3, 0.2, 0.02);
    const a = pickCubeOracleAction({ state });
    expect(a).toHaveLength(4);
    expect(Array.from(a).every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(a[3]).toBe(1);
    expect(() => pickCubeOracleAction({ state: new Float32Array(3) })).toThrow('length 10');
    expect(() => pickCubeOracleAction({ state: new Float32Array(7) })).toThrow(
      "needs a pick-cube state of length 10 (with the cube position) in observation.state or the env's info.privilegedState; got observation.state of length 7 and no privilegedState",
    );
    expect(pickCubeOracleAction({ state: new Float32Array(7) }, Math.random, 0, state)).toEqual(a);
  });

  it('solves pick-cube-vision from info.privilegedState (its observation has no cube position), directly and as the intervener', async () => {
    const env = await createEnv('pick-cube-vision');
    expect(env.spec.observationSpace.state.shape).toEqual([7]);
    const rng = mulberry32(2);
    let direct = 0;
    for (let seed = 0; seed < 2; seed++) {
      let { observation, info } = await env.reset({ seed });
      for (let t = 0; t < env.spec.maxEpisodeSteps; t++) {
        const r = await env.step(pickCubeOracleAction(observation, rng, 0.1, privilegedStateOf(info)));
        ({ observation, info } = r);
        if (r.info.success) {
          direct++;
          break;
        }
      }
    }
    expect(direct).toBe(2);
    // The wrapper hands the intervener the privileged state of the latest reset or step.
    const wrapped = new InterventionWrapper(env, createOracleIntervener({ stallSteps: 3, takeoverSteps: 100 }));
    await wrapped.reset({ seed: 7 });
    let rescued = false;
    for (let t = 0; t < 100 && !rescued; t++) rescued = (await wrapped.step(new Float32Array(4))).info.success;
    await wrapped.close();
    expect(rescued).toBe(true);
  }, 30_000);

  it('solves >= 95% of seeded pick-cube episodes, also with action noise', async () => {
    const clean = await successRate(0, true);
    const noisy = await successRate(0.1, false);
    console.log(
      `oracle success on ${SEEDS} seeds: ${clean.rate * 100}% clean (${clean.heldRate * 100}% still lifted at step 100), ` +
        `${noisy.rate * 100}% with noise 0.1 (${(noisy.steps / SEEDS).toFixed(1)} steps per episode until success)`,
    );
    expect(clean.rate).toBeGreaterThanOrEqual(0.95);
    expect(clean.heldRate).toBeGreaterThanOrEqual(0.95);
    expect(noisy.rate).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it('rescues an idle policy through the stall intervener', async () => {
    const env = new InterventionWrapper(await createPickCubeEnv(), createOracleIntervener({ stallSteps: 5, takeoverSteps: 30 }));
    let successes = 0;
    let intervened = 0;
    for (let seed = 100; seed < 105; seed++) {
      await env.reset({ seed });
      for (let t = 0; t < 100; t++) {
        const r = await env.step(new Float32Array(4)); // a policy that never moves
        if (r.info.interveneAction !== undefined) intervened++;
        if (r.info.success) {
          successes++;
          break;
        }
      }
    }
    await env.close();
    expect(intervened).toBeGreaterThan(0);
    expect(successes).toBe(5);
  }, 20_000);
});
