import {
  agentObservation,
  agentObservationDim,
  decodeSafetensors,
  encodeSafetensors,
  encoderPolicyMetadata,
  featureKey,
  initBackend,
  observationFeatures,
  observationKeysMetadata,
  Policy,
  SacAgent,
  withFeatureColumns,
} from '@rlpd/sac-agent';
import { boxSize } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnv } from './build-env.js';
import { actorConfigSchema } from './config.js';
import { openEncoder } from './open-encoder.js';
import { PolicyInput } from './policy-input.js';
import { policyOptions } from './policy-options.js';

describe('actor policy with a learned gripper on pick-cube', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
  });

  it("composes the 4-D action from 3 arm dimensions and the grasp critic's command, and the env executes it", async () => {
    const config = actorConfigSchema.parse({
      setupMode: 'single-arm-learned-gripper',
      hiddenDims: [32, 32],
      graspCriticHiddenDims: [16, 16],
      graspEpsilon: 0.5,
    });
    const { env } = await buildEnv(config);
    expect(boxSize(env.spec.actionSpace)).toBe(4);
    const observationDim = boxSize(env.spec.observationSpace.state);
    // What the learner trains and broadcasts with the same flags.
    const agent = SacAgent.create({
      observationDim,
      actionDim: 4,
      config: { setupMode: 'single-arm-learned-gripper', hiddenDims: [32, 32], graspCriticHiddenDims: [16, 16] },
      seed: 1,
    });
    const policy = Policy.create(policyOptions(config, env.spec));
    policy.loadParams(decodeSafetensors(encodeSafetensors(agent.exportPolicy())).tensors);
    let { observation } = await env.reset({ seed: 2 });
    const state = () => observation.state as Float32Array;
    expect(Array.from(policy.act(state(), true))).toEqual(Array.from(agent.sampleActions(state(), true)));
    const commands = new Set<number>();
    for (let t = 0; t < 30; t++) {
      const action = policy.act(state());
      expect(action).toHaveLength(4);
      expect(action.slice(0, 3).every((v) => Math.abs(v) <= 1)).toBe(true);
      commands.add(action[3]);
      ({ observation } = await env.step(action));
    }
    // Epsilon-greedy (0.5 here) while collecting: every command is tried.
    expect([...commands].sort()).toEqual([-1, 0, 1]);
    await env.close();
  });

  it("on pick-cube-vision: the policy reads both cameras' encoder features, the grasp critic picks the gripper command", async () => {
    const config = actorConfigSchema.parse({
      env: 'pick-cube-vision',
      setupMode: 'single-arm-learned-gripper',
      hiddenDims: [16, 16],
      graspCriticHiddenDims: [8, 8],
      graspEpsilon: 0.5,
    });
    const { env } = await buildEnv(config);
    const opened = await openEncoder(config);
    if (opened === null) throw new Error('--encoder default opens a frozen encoder');
    const encoder = opened;
    // What the learner trains and publishes with --encoder default and the same gripper flags.
    const keys = [...encoder.cameras.map(featureKey), 'state'];
    const observationDim = agentObservationDim(withFeatureColumns(env.spec.observationSpace, encoder), keys);
    const agent = SacAgent.create({
      observationDim,
      observationKeys: keys,
      actionDim: 4,
      config: { setupMode: 'single-arm-learned-gripper', hiddenDims: [16, 16], graspCriticHiddenDims: [8, 8] },
      seed: 1,
    });
    const blob = encodeSafetensors(agent.exportPolicy(), { ...observationKeysMetadata(keys), ...encoderPolicyMetadata(encoder) });
    const policy = new PolicyInput(env.spec, { ...policyOptions(config, env.spec), loadEncoder: () => encoder });
    policy.loadBytes(blob);
    expect(policy.observationKeys).toEqual(keys);
    let { observation } = await env.reset({ seed: 2 });
    const features = agentObservation({ ...observation, ...observationFeatures(encoder, observation) }, keys);
    expect(Array.from(policy.act(observation, true))).toEqual(Array.from(agent.sampleActions(features, true)));
    const commands = new Set<number>();
    for (let t = 0; t < 12; t++) {
      const action = policy.act(observation);
      expect(action).toHaveLength(4);
      commands.add(action[3]);
      ({ observation } = await env.step(action));
    }
    expect([...commands].every((c) => [-1, 0, 1].includes(c))).toBe(true);
    policy.dispose();
    await env.close();
  }, 60_000);

  it('defaults to the continuous gripper: the policy outputs all 4 dimensions', () => {
    const config = actorConfigSchema.parse({});
    expect(config.setupMode).toBe('single-arm-continuous-gripper');
    expect(config.graspEpsilon).toBe(0.1);
  });
});
