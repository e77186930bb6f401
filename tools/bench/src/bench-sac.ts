import { initBackend, SacAgent } from '@rlpd/sac-agent';
import type { Batch } from '@rlpd/spaces';
import * as tf from '@tensorflow/tfjs-core';
import { timeIt } from './time-it.js';
import { benchVisionSac } from './bench-vision-sac.js';

/**
 * SAC update throughput at hil-serl's sizes (batch 256, hidden [256, 256], 2 critics) on the
 * backend in use, with the machine's own matMul reference figures measured in the same run:
 * a plain 256^3 matMul and the transposed variants the default tfjs gradients would use.
 */
export async function benchSac(): Promise<Record<string, unknown>> {
  const backend = await initBackend('auto', () => undefined);
  const B = 256;
  const D = 10;
  const A = 4;
  let seed = 1;
  const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const batch: Batch = {
    size: B,
    observations: { state: random(B * D) },
    nextObservations: { state: random(B * D) },
    actions: random(B * A),
    rewards: random(B),
    masks: new Float32Array(B).fill(1),
    dones: new Float32Array(B),
  };
  const agent = SacAgent.create({ observationDim: D, actionDim: A, seed: 1 });
  const critic = timeIt(() => agent.updateCritic(batch), 5, 30);
  const full = timeIt(() => agent.updateFull(batch), 5, 30);
  const a = tf.randomNormal([256, 256]);
  const b = tf.randomNormal([256, 256]);
  const matmul = (ta: boolean, tb: boolean) => timeIt(() => tf.matMul(a, b, ta, tb).dataSync(), 5, 30);
  const plain = matmul(false, false);
  const transposedB = matmul(false, true);
  const transposedA = matmul(true, false);
  tf.dispose([a, b]);
  const flops = 2 * 256 ** 3;
  const vision = await benchVisionSac();
  return {
    benchmark: 'sac',
    backend,
    batchSize: B,
    hiddenDims: [256, 256],
    criticUpdatesPerSecond: 1000 / critic,
    fullUpdatesPerSecond: 1000 / full,
    learnerStepsPerSecond: 1000 / (critic + full),
    ...vision,
    reference: {
      matMul256Ms: plain,
      matMul256Gflops: flops / plain / 1e6,
      matMulTransposeBMs: transposedB,
      matMulTransposeAMs: transposedA,
    },
  };
}
