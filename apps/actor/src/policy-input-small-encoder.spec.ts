import {
  agentObservationDim,
  encodeSafetensors,
  initBackend,
  liveTensorCount,
  observationKeysMetadata,
  SacAgent,
  smallEncoderFromPolicy,
  smallEncoderPolicyMetadata,
  withSmallEncoderFeatures,
} from '@rlpd/sac-agent';
import { box, type EnvSpec } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyInput } from './policy-input.js';

const spec: EnvSpec = {
  name: 'pick-cube-vision',
  observationSpace: { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
const observation = {
  state: Float32Array.from({ length: 7 }, (_, i) => i / 10),
  front: Uint8Array.from({ length: 128 * 128 * 3 }, (_, i) => (i * 13) % 251),
  wrist: Uint8Array.from({ length: 128 * 128 * 3 }, (_, i) => (i * 7) % 241),
};
const keys = ['front_features', 'wrist_features', 'state'];
const cameras = ['front', 'wrist'];

function learnerAgent(seed: number): SacAgent {
  const observationDim = agentObservationDim(withSmallEncoderFeatures(spec.observationSpace, cameras), keys);
  return SacAgent.create({ observationDim, observationKeys: keys, actionDim: 4, config: { hiddenDims: [8, 8] }, seed, pixelEncoder: { cameras } });
}

describe('PolicyInput with a policy that carries its encoder (learner --encoder small)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
  });

  it('runs the carried encoder on the unshifted frames, takes new weights with each blob, and loads nothing itself', () => {
    const input = new PolicyInput(spec, {
      hiddenDims: [8, 8],
      seed: 1,
      loadEncoder: () => {
        throw new Error('no frozen encoder should be loaded');
      },
    });
    for (const seed of [2, 3]) {
      const agent = learnerAgent(seed);
      const policy = agent.exportPolicy();
      input.loadBytes(encodeSafetensors(policy, { ...observationKeysMetadata(keys), ...smallEncoderPolicyMetadata() }));
      expect(input.observationKeys).toEqual(keys);
      // What the learner's agent computes: its encoder's features of the frames, then the policy.
      const encoder = smallEncoderFromPolicy(policy)!;
      const row = Float32Array.from([...encoder.encode('front', observation.front, 1), ...encoder.encode('wrist', observation.wrist, 1), ...observation.state]);
      encoder.dispose();
      expect(Array.from(input.act(observation, true))).toEqual(Array.from(agent.sampleActions(row, true)));
    }
    const tensors = liveTensorCount();
    input.loadBytes(encodeSafetensors(learnerAgent(4).exportPolicy(), { ...observationKeysMetadata(keys), ...smallEncoderPolicyMetadata() }));
    expect(liveTensorCount()).toBe(tensors); // the previous encoder's weights were freed
    input.dispose();
  });
});
