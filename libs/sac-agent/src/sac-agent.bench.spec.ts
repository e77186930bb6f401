import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { SacAgent } from './sac-agent.js';

/** Measures (prints, does not assert) update throughput at hil-serl size: batch 256, hidden [256, 256]. */
describe('SacAgent throughput (wasm, batch 256, hidden 256)', () => {
  it('prints updates per second', async () => {
    await initBackend('wasm', () => {});
    const agent = SacAgent.create({ observationDim: 10, actionDim: 4, seed: 1 });
    const batch = randomBatch(256, 10, 4);
    const rate = (f: () => void, seconds: number): number => {
      for (let i = 0; i < 3; i++) f();
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < seconds * 1000) {
        f();
        n++;
      }
      return (n * 1000) / (performance.now() - start);
    };
    const critic = rate(() => agent.updateCritic(batch), 3);
    const full = rate(() => agent.updateFull(batch), 3);
    const observation = new Float32Array(10);
    const act = rate(() => agent.sampleActions(observation), 0.5);
    console.log(
      `[bench] wasm batch 256 hidden [256,256]: updateCritic ${critic.toFixed(1)}/s, updateFull ${full.toFixed(1)}/s, sampleActions ${act.toFixed(0)}/s`,
    );
    expect(Number.isFinite(agent.updateFull(batch)['critic/critic_loss'])).toBe(true);
    expect(tf.memory().numTensors).toBe(0);
  });
});
