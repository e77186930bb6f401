import { describe, expect, it } from 'vitest';
import { createPickCubeEnv } from './index.js';
import { scriptedPickAction as scriptedPick } from './internal/scripted-pick-action.js';

describe('pick-cube with a scripted pick', () => {
  it('lifts the cube on 10 of 10 seeds', async () => {
    const env = await createPickCubeEnv();
    let successes = 0;
    let steps = 0;
    const start = performance.now();
    for (let seed = 0; seed < 10; seed++) {
      let s = (await env.reset({ seed })).observation.state as Float32Array;
      let grasped = false;
      let succeeded = false;
      for (let t = 0; t < 100; t++) {
        const a = scriptedPick(s, grasped);
        grasped ||= a[3] < 0;
        const r = await env.step(a);
        steps++;
        s = r.observation.state as Float32Array;
        succeeded ||= r.info.success;
        if (r.reward > 0.9 && succeeded) {
          expect(r.reward).toBeLessThanOrEqual(1);
        }
        if (r.terminated || r.truncated) break;
      }
      if (succeeded) successes++;
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(`pick-cube: ${steps} control steps in ${seconds.toFixed(2)} s = ${(steps / seconds).toFixed(0)} steps/s`);
    expect(successes).toBe(10);
    await env.close();
  }, 30_000);
});
