import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { initBackend } from './init-backend.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { SacAgent } from './sac-agent.js';

it('profile', async () => {
  await initBackend('wasm', { log: () => {} });
  const agent = SacAgent.create({ observationDim: 10, actionDim: 4, seed: 1 });
  const batch = randomBatch(256, 10, 4);
  for (let i = 0; i < 3; i++) agent.updateFull(batch);
  for (const full of [false, true]) {
    const t0 = performance.now();
    const info = await tf.profile(() => { full ? agent.updateFull(batch) : agent.updateCritic(batch); });
    const wall = performance.now() - t0;
    const agg = new Map<string, [number, number]>();
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join('')}`;
      const cur = agg.get(key) ?? [0, 0];
      agg.set(key, [cur[0] + ms, cur[1] + 1]);
    }
    const total = [...agg.values()].reduce((a, b) => a + b[0], 0);
    console.log(`full=${full} wall ${wall.toFixed(1)} ms, kernel sum ${total.toFixed(1)} ms, ${info.kernels.length} kernels`);
    for (const [k, [ms, n]] of [...agg.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25)) console.log(ms.toFixed(2).padStart(8), String(n).padStart(4), k);
  }
  const t0 = performance.now(); for (let i = 0; i < 10; i++) agent.updateFull(batch); console.log('plain full ms', (performance.now() - t0) / 10);
});
