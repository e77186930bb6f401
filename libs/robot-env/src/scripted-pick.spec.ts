import { describe, expect, it } from 'vitest';
import { createPickCubeEnv } from './index.js';

const clip1 = (v: number): number => Math.min(Math.max(v, -1), 1);

/** A minimal scripted pick (the real oracle lives in @rlpd/intervention, which depends on us). */
function scriptedPick(s: Float32Array, hasGrasped: boolean): Float32Array {
  const [tx, ty, tz, , , , opening, cx, cy, cz] = s;
  const dx = cx - tx;
  const dy = cy - ty;
  let zGoal = cz;
  let grip = 1;
  if (hasGrasped && opening < 0.8) {
    zGoal = 0.25;
    grip = -1;
  } else if (Math.hypot(dx, dy) > 0.01) {
    zGoal = Math.max(cz + 0.08, 0.1);
  } else if (tz - cz < 0.005) {
    grip = -1;
  }
  return Float32Array.of(clip1(10 * dx), clip1(10 * dy), clip1(10 * (zGoal - tz)), grip);
}

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
