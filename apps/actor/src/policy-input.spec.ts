import { encodeSafetensors, initBackend, observationKeysMetadata, SacAgent } from '@rlpd/sac-agent';
import { box, type EnvSpec } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyInput } from './policy-input.js';

const spec: EnvSpec = {
  name: 'pick-cube-vision',
  observationSpace: {
    state: box([7], -10, 10),
    front: box([128, 128, 3], 0, 255, 'uint8'),
    wrist: box([128, 128, 3], 0, 255, 'uint8'),
    extra: box([2], -1, 1),
  },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
const observation = {
  state: Float32Array.from({ length: 7 }, (_, i) => i / 10),
  front: new Uint8Array(128 * 128 * 3).fill(7),
  wrist: new Uint8Array(128 * 128 * 3).fill(9),
  extra: Float32Array.of(0.5, -0.5),
};
const small = { hiddenDims: [8, 8] };

describe('PolicyInput (the actor reads the keys the learner names)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
  });

  it("builds its input from the keys in the parameters' metadata, ignoring camera frames", () => {
    const input = new PolicyInput(spec, { hiddenDims: small.hiddenDims, seed: 1 });
    expect(input.ready).toBe(false);
    expect(() => input.act(observation)).toThrow('no parameters loaded yet');
    const stateAgent = SacAgent.create({ observationDim: 7, actionDim: 4, config: small, seed: 2 });
    input.loadBytes(encodeSafetensors(stateAgent.exportPolicy(), observationKeysMetadata(['state'])));
    expect(input.observationKeys).toEqual(['state']);
    expect(Array.from(input.act(observation, true))).toEqual(Array.from(stateAgent.sampleActions(observation.state, true)));
    // The learner switches to two keys: the policy is rebuilt with the wider input.
    const wider = SacAgent.create({ observationDim: 9, actionDim: 4, observationKeys: ['state', 'extra'], config: small, seed: 3 });
    input.loadBytes(encodeSafetensors(wider.exportPolicy(), observationKeysMetadata(['state', 'extra'])));
    const joined = Float32Array.from([...observation.state, ...observation.extra]);
    expect(Array.from(input.act(observation, true))).toEqual(Array.from(wider.sampleActions(joined, true)));
  });

  it('refuses parameters that would read an image, naming the key', () => {
    const input = new PolicyInput(spec, { hiddenDims: small.hiddenDims, seed: 1 });
    const agent = SacAgent.create({ observationDim: 7, actionDim: 4, config: small });
    expect(() => input.loadBytes(encodeSafetensors(agent.exportPolicy(), observationKeysMetadata(['front'])))).toThrow(
      "agent observation key 'front' is uint8[128,128,3]: the agent reads float32 keys only",
    );
  });
});
