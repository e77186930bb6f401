import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { criticEnsemble, criticLayout } from './internal/critic-ensemble.js';
import { Rng } from './internal/rng.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { Policy } from './policy.js';
import { SacAgent } from './sac-agent.js';
import { SAC_METRIC_KEYS } from './sac-metrics.js';

const small = { hiddenDims: [16, 16] };

describe('SacAgent', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('reports hil-serl metric keys; values check by hand where the math allows', () => {
    const agent = SacAgent.create({ observationDim: 3, actionDim: 2, config: { ...small, discount: 0 }, seed: 1 });
    const batch = randomBatch(8, 3, 2);
    const critic = agent.updateCritic(batch);
    expect(Object.keys(critic).sort()).toEqual(SAC_METRIC_KEYS.slice(0, 4).sort());
    const meanReward = batch.rewards.reduce((s, r) => s + r, 0) / batch.size;
    expect(critic['critic/rewards']).toBeCloseTo(meanReward, 6);
    expect(critic['critic/target_qs']).toBeCloseTo(meanReward, 6); // discount 0: qTarget = r
    expect(critic['critic/critic_loss']).toBeGreaterThan(0);

    const full = agent.updateFull(batch);
    expect(Object.keys(full).sort()).toEqual([...SAC_METRIC_KEYS].sort());
    expect(full['actor/temperature']).toBeCloseTo(0.01, 6); // not yet updated
    expect(agent.targetEntropy).toBe(-1); // -actionDim / 2
    expect(full['temperature/temperature_loss']).toBeCloseTo(0.01 * (full['actor/entropy']! - agent.targetEntropy), 5);
    for (const v of Object.values(full)) expect(Number.isFinite(v)).toBe(true);
    // The Lagrange multiplier moves against the constraint violation: up while H < H̄.
    const next = agent.updateFull(batch)['actor/temperature']!;
    expect(Math.sign(next - 0.01)).toBe(full['actor/entropy']! < agent.targetEntropy ? 1 : -1);
  });

  it('leaks no tensors over 1,000 updates and actions', () => {
    const config = { hiddenDims: [8], criticEnsembleSize: 3, criticSubsample: 2, backupEntropy: true };
    const agent = SacAgent.create({ observationDim: 4, actionDim: 2, config, seed: 2 });
    const batch = randomBatch(16, 4, 2);
    const observation = new Float32Array(4);
    agent.updateFull(batch);
    agent.sampleActions(observation);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      if (i % 2 === 0) agent.updateCritic(batch);
      else agent.updateFull(batch);
      if (i % 10 === 0) agent.sampleActions(observation, i % 20 === 0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('acts reproducibly: seeded noise, deterministic = tanh(mean), batch variant', () => {
    const make = () => SacAgent.create({ observationDim: 3, actionDim: 2, config: small, seed: 5 });
    const [a, b] = [make(), make()];
    const obs = Float32Array.of(0.1, -0.2, 0.3);
    expect(a.sampleActions(obs)).toEqual(b.sampleActions(obs));
    const det = a.sampleActions(obs, true);
    expect(a.sampleActions(obs, true)).toEqual(det);
    expect(det.every((v) => Math.abs(v) <= 1)).toBe(true);
    const both = a.sampleActionsBatch(Float32Array.of(...obs, ...obs), 2, true);
    expect(Array.from(both)).toEqual([...det, ...det]);
    expect(() => a.sampleActions(new Float32Array(2))).toThrow(/3 floats/);
  });

  it('exports a policy that a standalone Policy loads and acts with identically', () => {
    const agent = SacAgent.create({ observationDim: 3, actionDim: 2, config: small, seed: 6 });
    agent.updateFull(randomBatch(8, 3, 2));
    const policy = Policy.create({ observationDim: 3, actionDim: 2, hiddenDims: small.hiddenDims });
    policy.loadParams(agent.exportPolicy());
    const obs = Float32Array.of(0.5, 0.1, -1);
    expect(policy.act(obs, true)).toEqual(agent.sampleActions(obs, true));
    const wrong = Policy.create({ observationDim: 4, actionDim: 2, hiddenDims: small.hiddenDims });
    expect(() => wrong.loadParams(agent.exportPolicy())).toThrow(/actor\/dense0\/kernel.*expected shape \[4,16\]/);
  });

  it('rejects bad batches and bad state with errors that name the field', () => {
    const agent = SacAgent.create({ observationDim: 3, actionDim: 2, config: small });
    const batch = randomBatch(4, 3, 2);
    const before = agent.exportState();
    expect(() => agent.updateCritic({ ...batch, actions: new Float32Array(3) })).toThrow(/batch.actions: expected 4 x 2/);
    expect(agent.exportState()).toEqual(before); // nothing moved, not even the RNG
    const { ['optimizer/actor/v']: _dropped, ...missing } = before;
    expect(() => agent.importState(missing)).toThrow(/optimizer\/actor\/v/);
    expect(agent.exportState()).toEqual(before);
    expect(() => SacAgent.create({ observationDim: 3, actionDim: 2, config: { criticSubsample: 3 } })).toThrow(/criticSubsample/);
  });

  it('learns a contextual bandit: the policy mean approaches argmax_a r(s, a) = f(s)', () => {
    // One-step task: reward -(a - f(s))², no bootstrapping; actions in the data are uniform.
    const f = (s: number) => 0.6 * s - 0.2;
    const agent = SacAgent.create({
      observationDim: 1,
      actionDim: 1,
      config: { hiddenDims: [32, 32], actorLr: 3e-3, criticLr: 3e-3, discount: 0 },
      seed: 3,
    });
    const rng = new Rng(11);
    const size = 64;
    const batch = (): Batch => {
      const s = Float32Array.from({ length: size }, () => 2 * rng.uniform() - 1);
      const a = Float32Array.from({ length: size }, () => 2 * rng.uniform() - 1);
      return {
        size,
        observations: { state: s },
        nextObservations: { state: s },
        actions: a,
        rewards: a.map((ai, i) => -((ai - f(s[i])) ** 2)),
        masks: new Float32Array(size),
        dones: new Float32Array(size).fill(1),
      };
    };
    for (let i = 0; i < 400; i++) agent.updateFull(batch());
    for (const s of [-0.8, -0.3, 0, 0.4, 0.9]) {
      expect(Math.abs(agent.sampleActions(Float32Array.of(s), true)[0] - f(s))).toBeLessThan(0.1);
    }
  });
  it('ensemble members have their own parameters in every layer and diverge from the same batch', () => {
    const E = 4;
    const agent = SacAgent.create({ observationDim: 3, actionDim: 2, config: { ...small, criticEnsembleSize: E, criticSubsample: 2 }, seed: 9 });
    const batch = randomBatch(16, 3, 2, 4);
    const shape = { observationDim: 3, actionDim: 2, hiddenDims: small.hiddenDims, ensembleSize: E, layerNorm: true };
    const layout = criticLayout(shape);
    const qsOf = (state: ReturnType<SacAgent['exportState']>): Float32Array[] =>
      tf.tidy(() => {
        const p = layout.named(layout.tensors(layout.fromNamed('critic', state)));
        const obs = tf.tensor2d(batch.observations.state as Float32Array, [16, 3]);
        return criticEnsemble(p, shape, obs, tf.tensor2d(batch.actions, [16, 2])).map((q) => q.dataSync<'float32'>().slice());
      });
    // Start members 0 and 1 from the same hidden layers, differing only in their output layers.
    const start = agent.exportState();
    for (const name of Object.keys(start).filter((n) => n.startsWith('critic/q1/') && !n.includes('/out/'))) {
      start[name] = start[name.replace('/q1/', '/q0/')];
    }
    agent.importState(start);
    for (let i = 0; i < 20; i++) agent.updateCritic(batch);
    const end = agent.exportState();
    // Each member's layers moved by its own gradient: members 0 and 1 now differ in every layer.
    for (const layer of ['dense0/kernel', 'dense1/bias', 'norm0/scale', 'norm1/offset', 'out/kernel', 'out/bias']) {
      const moved = (m: number) => Array.from(end[`critic/q${m}/${layer}`].data).map((v, j) => v - start[`critic/q${m}/${layer}`].data[j]);
      expect(maxDiff(moved(0), moved(1)), layer).toBeGreaterThan(1e-6);
    }
    const q1 = qsOf(end);
    // Independence: changing member 1's output layer leaves member 0's Q values as they were.
    const edited = { ...end, 'critic/q1/out/bias': { shape: [1], data: Float32Array.of(5) } };
    const q2 = qsOf(edited);
    expect(Array.from(q2[0])).toEqual(Array.from(q1[0]));
    expect(maxDiff(Array.from(q2[1]), Array.from(q1[1]))).toBeGreaterThan(1);
  });
  it('moves the target critics by Polyak averaging after every critic step: target ← τ·critic + (1-τ)·target', () => {
    const tau = 0.2;
    const agent = SacAgent.create({ observationDim: 3, actionDim: 2, config: { ...small, tau }, seed: 8 });
    for (const update of [() => agent.updateCritic(randomBatch(8, 3, 2, 1)), () => agent.updateFull(randomBatch(8, 3, 2, 2))]) {
      const before = agent.exportState();
      update();
      const after = agent.exportState();
      for (const name of Object.keys(after).filter((n) => n.startsWith('critic/'))) {
        const target = `target_${name}`;
        after[target].data.forEach((v, i) => expect(v).toBeCloseTo(tau * after[name].data[i] + (1 - tau) * before[target].data[i], 6));
      }
    }
  });
});

function maxDiff(a: readonly number[], b: readonly number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}
