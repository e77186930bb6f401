import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { graspIndex } from './internal/grasp-critic.js';
import { Rng } from './internal/rng.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { Policy } from './policy.js';
import { SacAgent } from './sac-agent.js';
import { GRASP_METRIC_KEYS, SAC_METRIC_KEYS } from './sac-metrics.js';

const learned = { setupMode: 'single-arm-learned-gripper' as const, hiddenDims: [16, 16], graspCriticHiddenDims: [16, 16] };

describe("learned gripper (hil-serl's single-arm-learned-gripper)", () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('maps the gripper action to close/stay/open at the env thresholds', () => {
    expect([-1, -0.5, -0.49, 0, 0.49, 0.5, 1].map(graspIndex)).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });

  it('trains the policy on the arm dimensions only and reports the grasp critic loss', () => {
    const agent = SacAgent.create({ observationDim: 3, actionDim: 4, config: learned, seed: 1 });
    expect(agent.policyDim).toBe(3);
    expect(agent.targetEntropy).toBe(-1.5); // -(arm dims)/2
    const critic = agent.updateCritic(randomBatch(8, 3, 4));
    expect(Object.keys(critic).sort()).toEqual([...SAC_METRIC_KEYS.slice(0, 4), ...GRASP_METRIC_KEYS].sort());
    const full = agent.updateFull(randomBatch(8, 3, 4, 1));
    expect(Object.keys(full).sort()).toEqual([...SAC_METRIC_KEYS, ...GRASP_METRIC_KEYS].sort());
    expect(full['grasp_critic/grasp_critic_loss']).toBeGreaterThan(0);
    const state = agent.exportState();
    expect(state['actor/mean/kernel'].shape).toEqual([16, 3]);
    expect(state['critic/q0/dense0/kernel'].shape).toEqual([3 + 3, 16]); // observation + arm action
    expect(state['grasp_critic/out/kernel'].shape).toEqual([16, 3]);
    expect(state['target_grasp_critic/out/kernel'].shape).toEqual([16, 3]);
    expect(state['optimizer/grasp_critic/m'].shape).toEqual([agent.exportState()['optimizer/grasp_critic/v'].shape[0]]);
  });

  it('composes 4-D actions: 3 arm dimensions from the policy, the gripper command from the grasp critic', () => {
    const agent = SacAgent.create({ observationDim: 3, actionDim: 4, config: learned, seed: 2 });
    agent.updateFull(randomBatch(8, 3, 4));
    const policy = Policy.create({
      observationDim: 3,
      actionDim: 4,
      hiddenDims: [16, 16],
      setupMode: 'single-arm-learned-gripper',
      graspCriticHiddenDims: [16, 16],
      seed: 3,
    });
    policy.loadParams(agent.exportPolicy());
    const observation = Float32Array.of(0.3, -0.1, 0.8);
    const greedy = policy.act(observation, true);
    expect(greedy).toHaveLength(4);
    expect([-1, 0, 1]).toContain(greedy[3]);
    expect(Array.from(greedy)).toEqual(Array.from(agent.sampleActions(observation, true)));
    // Epsilon-greedy while collecting: with epsilon 1 every command shows up.
    const explorer = Policy.create({
      observationDim: 3,
      actionDim: 4,
      hiddenDims: [16, 16],
      setupMode: 'single-arm-learned-gripper',
      graspCriticHiddenDims: [16, 16],
      graspEpsilon: 1,
      seed: 4,
    });
    explorer.loadParams(agent.exportPolicy());
    const commands = new Set(Array.from({ length: 60 }, () => explorer.act(observation)[3]));
    expect([...commands].sort()).toEqual([-1, 0, 1]);
    // A continuous-gripper policy cannot load it (no grasp critic expected, the mean head is 3 wide).
    const continuous = Policy.create({ observationDim: 3, actionDim: 4, hiddenDims: [16, 16] });
    expect(() => continuous.loadParams(agent.exportPolicy())).toThrow(/actor\/mean\/kernel/);
  });

  it('resumes bit for bit from exportState (grasp critic, its target and optimiser included)', () => {
    const a = SacAgent.create({ observationDim: 3, actionDim: 4, config: learned, seed: 5 });
    a.updateFull(randomBatch(8, 3, 4, 2));
    const b = SacAgent.create({ observationDim: 3, actionDim: 4, config: learned, seed: 99 });
    b.importState(a.exportState());
    const batch = randomBatch(8, 3, 4, 3);
    expect(b.updateFull(batch)).toEqual(a.updateFull(batch));
    expect(b.exportState()).toEqual(a.exportState());
  });

  it('learns which command pays, and pays grasp_penalty for changing the gripper (double DQN, one step)', () => {
    // Reward 1 for "close" when s < 0 and "open" when s > 0.3, else 0; "stay" is free, a change
    // costs grasp_penalty. With discount 0, Q(s, c) = E[r | s, c] + penalty(c): the greedy command
    // is close for s < 0, open for s > 0.3 and stay in between.
    const agent = SacAgent.create({
      observationDim: 1,
      actionDim: 2,
      config: { ...learned, graspCriticHiddenDims: [32, 32], criticLr: 3e-3, discount: 0, graspPenalty: -0.3 },
      seed: 6,
    });
    const rng = new Rng(12);
    const size = 64;
    const batch = (): Batch => {
      const s = Float32Array.from({ length: size }, () => 2 * rng.uniform() - 1);
      const actions = new Float32Array(size * 2);
      const rewards = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        const command = Math.floor(rng.uniform() * 3) - 1; // uniform over close, stay, open
        actions[2 * i] = 2 * rng.uniform() - 1;
        actions[2 * i + 1] = command;
        rewards[i] = (command === -1 && s[i] < 0) || (command === 1 && s[i] > 0.3) ? 1 : 0;
      }
      return {
        size,
        observations: { state: s },
        nextObservations: { state: s },
        actions,
        rewards,
        masks: new Float32Array(size),
        dones: new Float32Array(size).fill(1),
      };
    };
    let loss = 0;
    for (let i = 0; i < 300; i++) loss = agent.updateCritic(batch())['grasp_critic/grasp_critic_loss']!;
    expect(loss).toBeLessThan(0.1);
    for (const [s, command] of [
      [-0.8, -1],
      [-0.3, -1],
      [0.15, 0],
      [0.6, 1],
      [0.9, 1],
    ]) {
      expect(agent.sampleActions(Float32Array.of(s), true)[1], `s = ${s}`).toBe(command);
    }
    expect(tf.memory().numTensors).toBe(0);
  });
});
