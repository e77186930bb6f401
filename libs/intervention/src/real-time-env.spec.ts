import { describe, expect, it } from 'vitest';
import { RealTimeEnv } from './index.js';
import { ScriptedEnv } from './internal/scripted-env.js';

describe('RealTimeEnv', () => {
  it('spaces steps by the control period and does not bunch up after a late step', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const env = new RealTimeEnv(
      new ScriptedEnv(2),
      () => now,
      async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    );
    await env.reset();
    await env.step(new Float32Array(2)); // waits the 100 ms period
    now += 30; // a 30 ms step
    await env.step(new Float32Array(2)); // waits the remaining 70
    now += 250; // a slow step: late
    await env.step(new Float32Array(2)); // runs at once
    await env.step(new Float32Array(2)); // and the next waits a full period again
    expect(sleeps).toEqual([100, 70, 100]);
  });
});
