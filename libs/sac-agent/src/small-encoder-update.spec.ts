import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEncoderKernels } from './encoders/conv-gradients.js';
import { drawShiftOffsets, shiftedPooledInput } from './encoders/drq-batch-input.js';
import { smallConvNetForward, smallConvNetShapes } from './encoders/small-conv-net.js';
import { smallEncoderFromPolicy } from './encoders/small-encoder-policy.js';
import { initBackend, type BackendName } from './init-backend.js';
import { Adam } from './internal/adam.js';
import { criticLayout } from './internal/critic-ensemble.js';
import { Rng } from './internal/rng.js';
import { actorLayout } from './internal/tanh-normal-policy.js';
import { decodeUint32s } from './internal/uint32-codec.js';
import type { NamedTensors } from './named-tensors.js';
import { SacAgent } from './sac-agent.js';

/**
 * The `small` encoder inside the SAC update: the gradient its Adam step receives against
 * tf.grads of the critic loss through the encoder (plain tfjs ops: the library's conv net
 * forward, a textbook critic and policy), plus leaks, checkpoint round trip and the policy export.
 */
const B = 3;
const STATE = 2;
const ACT = 2;
const HIDDEN = [6, 5];
const CAMERAS = ['front', 'wrist'];
const FRAME = 128 * 128 * 3;
const KEYS = ['front_features', 'wrist_features', 'state'];
const OBS = 2 * 64 + STATE;
type P = Record<string, tf.Tensor>;

function pixelBatch(seed: number): Batch {
  const rng = new Rng(seed);
  const frames = () => Uint8Array.from({ length: B * FRAME }, (_, i) => (Math.floor(rng.uniform() * 64) + ((i >> 9) % 4) * 48) & 255);
  return {
    size: B,
    observations: { state: rng.fillNormal(new Float32Array(B * STATE)), front: frames(), wrist: frames() },
    nextObservations: { state: rng.fillNormal(new Float32Array(B * STATE)), front: frames(), wrist: frames() },
    actions: Float32Array.from({ length: B * ACT }, () => 2 * rng.uniform() - 1),
    rewards: Float32Array.from({ length: B }, () => rng.uniform()),
    masks: Float32Array.from({ length: B }, (_, i) => (i === 1 ? 0 : 1)),
    dones: new Float32Array(B),
  };
}

function createAgent(sameShiftAcrossCameras = true): SacAgent {
  return SacAgent.create({
    observationDim: OBS,
    observationKeys: KEYS,
    actionDim: ACT,
    config: { hiddenDims: HIDDEN, initTemperature: 0.3 },
    seed: 9,
    pixelEncoder: { cameras: CAMERAS, sameShiftAcrossCameras },
  });
}

function mlp(p: P, prefix: string, x: tf.Tensor): tf.Tensor {
  let h = x;
  HIDDEN.forEach((_, i) => {
    h = tf.add(tf.matMul(h, p[`${prefix}dense${i}/kernel`]), p[`${prefix}dense${i}/bias`]);
    const centered = tf.sub(h, tf.mean(h, -1, true));
    h = tf.add(
      tf.mul(tf.div(centered, tf.sqrt(tf.add(tf.mean(tf.square(centered), -1, true), 1e-6))), p[`${prefix}norm${i}/scale`]),
      p[`${prefix}norm${i}/offset`],
    );
    h = tf.tanh(h);
  });
  return h;
}

const q = (p: P, m: number, s: tf.Tensor, a: tf.Tensor) =>
  tf.reshape(tf.add(tf.matMul(mlp(p, `q${m}/`, tf.concat([s, a], 1)), p[`q${m}/out/kernel`]), p[`q${m}/out/bias`]), [-1]);

function nextActions(p: P, s: tf.Tensor, noise: tf.Tensor): tf.Tensor {
  const h = mlp(p, '', s);
  const std = tf.clipByValue(tf.exp(tf.add(tf.matMul(h, p['log_std/kernel']), p['log_std/bias'])), 1e-5, 5);
  return tf.tanh(tf.add(tf.add(tf.matMul(h, p['mean/kernel']), p['mean/bias']), tf.mul(std, noise)));
}

/** tf.grads of the critic loss with respect to the critic and the encoder (the reference). */
function referenceCriticStep(
  state: NamedTensors,
  batch: Batch,
  nextNoise: Float32Array,
  offsets: { observations: Int32Array[]; nextObservations: Int32Array[] },
) {
  const load = (prefix: string, names: string[]) =>
    Object.fromEntries(names.map((n) => [n, tf.tensor(state[`${prefix}/${n}`].data, state[`${prefix}/${n}`].shape)]));
  const criticNames = criticLayout({ observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, ensembleSize: 2, layerNorm: true }).specs.map((s) => s.name);
  const actorNames = actorLayout({ observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, layerNorm: true, stdMin: 1e-5, stdMax: 5 }).specs.map(
    (s) => s.name,
  );
  const encoderNames = CAMERAS.flatMap((c) => Object.keys(smallConvNetShapes(c)));
  const input = (obs: Batch['observations'], camera: string, rowOffsets: Int32Array) => {
    const out = new Float32Array(B * 64 * 64 * 3);
    shiftedPooledInput(obs[camera] as Uint8Array, B, 128, 128, rowOffsets, out);
    return tf.tensor4d(out, [B, 64, 64, 3]);
  };
  return tf.tidy(() => {
    const encoder = load('encoder', encoderNames);
    const targetEncoder = load('target_encoder', encoderNames);
    const rows = (p: P, obs: Batch['observations'], o: Int32Array[]) =>
      tf.concat([...CAMERAS.map((c, i) => smallConvNetForward(p, c, input(obs, c, o[i]))), tf.tensor2d(obs.state as Float32Array, [B, STATE])], 1);
    // The target: policy on online features of s' (detached), target critics on the target encoder's features of s'.
    const a2 = nextActions(load('actor', actorNames), rows(encoder, batch.nextObservations, offsets.nextObservations), tf.tensor2d(nextNoise, [B, ACT]));
    const targetCritic = load('target_critic', criticNames);
    const s2Target = rows(targetEncoder, batch.nextObservations, offsets.nextObservations);
    const nextQ = tf.minimum(q(targetCritic, 0, s2Target, a2), q(targetCritic, 1, s2Target, a2));
    const qTarget = tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(tf.tensor1d(batch.masks), 0.97), nextQ));
    const critic = load('critic', criticNames);
    const a = tf.tensor2d(batch.actions, [B, ACT]);
    const loss = (...xs: tf.Tensor[]) => {
      const c = Object.fromEntries(criticNames.map((n, i) => [n, xs[i]]));
      const e = Object.fromEntries(encoderNames.map((n, i) => [n, xs[criticNames.length + i]]));
      const s = rows(e, batch.observations, offsets.observations);
      return tf.div(tf.add(tf.mean(tf.square(tf.sub(q(c, 0, s, a), qTarget))), tf.mean(tf.square(tf.sub(q(c, 1, s, a), qTarget)))), 2) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(loss)([...criticNames.map((n) => critic[n]), ...encoderNames.map((n) => encoder[n])]);
    const flat = (ts: tf.Tensor[]) => Float32Array.from(ts.flatMap((t) => Array.from(t.dataSync())));
    return { loss: value.dataSync()[0], critic: flat(grads.slice(0, criticNames.length)), encoder: flat(grads.slice(criticNames.length)) };
  });
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string, tolerance = 1e-4): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-4);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / scale, `${what}: max abs diff ${worst} against max |grad| ${scale}`).toBeLessThan(tolerance);
}

for (const backend of ['wasm', 'cpu'] as const satisfies readonly BackendName[]) {
  describe(`the small encoder in the SAC update (${backend})`, () => {
    afterEach(() => vi.restoreAllMocks());

    it('receives tf.grads of the critic loss through the DrQ-shifted frames; the target uses the target encoder', async () => {
      await initBackend(backend, () => {});
      registerEncoderKernels();
      const agent = createAgent();
      agent.updateFull(pixelBatch(1)); // off the initial values (the target encoder now differs from the online one)
      agent.updateFull(pixelBatch(2));
      const state = agent.exportState();
      const batch = pixelBatch(3);
      const updateRng = new Rng(0);
      updateRng.setState(decodeUint32s('rng/update', state['rng/update'], 4));
      const nextNoise = updateRng.fillNormal(new Float32Array(B * ACT));
      const shiftRng = new Rng(0);
      shiftRng.setState(decodeUint32s('rng/shift', state['rng/shift'], 4));
      const offsets = { observations: drawShiftOffsets(shiftRng, B, 2, true), nextObservations: drawShiftOffsets(shiftRng, B, 2, true) };
      const adamSteps = vi.spyOn(Adam.prototype, 'apply');
      const metrics = agent.updateCritic(batch);
      const [criticGrad, encoderGrad] = adamSteps.mock.calls.map(([, grad]) => grad);
      expect(adamSteps).toHaveBeenCalledTimes(2);
      const reference = referenceCriticStep(state, batch, nextNoise, offsets);
      expect(metrics['critic/critic_loss']).toBeCloseTo(reference.loss, 4);
      expectClose(criticGrad, reference.critic, 'critic gradient');
      expectClose(encoderGrad, reference.encoder, 'encoder gradient', 2e-4);
      agent.dispose();
    });
  });
}

describe('the small encoder agent (wasm)', () => {
  it('changes the encoder weights, leaks no tensors, and resumes bit for bit from its exported state', async () => {
    await initBackend('wasm', () => {});
    const agent = createAgent(false);
    const before = agent.exportState()['encoder/front/conv0/kernel'].data.slice();
    agent.updateFull(pixelBatch(1));
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      agent.updateCritic(pixelBatch(10 + i));
      agent.updateFull(pixelBatch(20 + i));
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const state = agent.exportState();
    expect(Array.from(state['encoder/front/conv0/kernel'].data)).not.toEqual(Array.from(before));
    expect(Array.from(state['target_encoder/wrist/dense/kernel'].data)).not.toEqual(Array.from(state['encoder/wrist/dense/kernel'].data));

    const restored = createAgent(false);
    restored.importState(state);
    const m1 = agent.updateFull(pixelBatch(99));
    const m2 = restored.updateFull(pixelBatch(99));
    expect(m2).toEqual(m1);
    expect(Array.from(restored.exportState()['encoder/front/conv3/kernel'].data)).toEqual(Array.from(agent.exportState()['encoder/front/conv3/kernel'].data));
  });

  it('trains with a learned gripper too (the grasp critic reads the features detached)', async () => {
    await initBackend('wasm', () => {});
    const agent = SacAgent.create({
      observationDim: OBS,
      observationKeys: KEYS,
      actionDim: ACT + 1,
      config: { hiddenDims: HIDDEN, setupMode: 'single-arm-learned-gripper', graspCriticHiddenDims: HIDDEN },
      seed: 3,
      pixelEncoder: { cameras: CAMERAS },
    });
    const batch = pixelBatch(4);
    const withGripper = { ...batch, actions: Float32Array.from({ length: B * (ACT + 1) }, (_, i) => Math.sin(i)) };
    const before = agent.exportState()['encoder/wrist/conv1/kernel'].data.slice();
    const metrics = agent.updateFull(withGripper);
    expect(Number.isFinite(metrics['grasp_critic/grasp_critic_loss'])).toBe(true);
    expect(Array.from(agent.exportState()['encoder/wrist/conv1/kernel'].data)).not.toEqual(Array.from(before));
  });

  it('refuses a state without the encoder, changing nothing', async () => {
    await initBackend('wasm', () => {});
    const agent = createAgent();
    const state = agent.exportState();
    const { ['optimizer/encoder/m']: _m, ...withoutMoments } = state;
    const other = createAgent();
    other.updateFull(pixelBatch(5));
    const kept = other.exportState();
    expect(() => other.importState(withoutMoments)).toThrow(/optimizer\/encoder\/m/);
    expect(other.exportState()).toEqual(kept);
  });

  it('exports the encoder with the policy; the actor rebuilds it and encodes as the learner does (unshifted)', async () => {
    await initBackend('wasm', () => {});
    const agent = createAgent();
    agent.updateFull(pixelBatch(1));
    const policy = agent.exportPolicy();
    expect(Object.keys(policy).filter((k) => k.startsWith('encoder/')).length).toBe(2 * Object.keys(smallConvNetShapes('front')).length);
    const encoder = smallEncoderFromPolicy(policy);
    expect(encoder).not.toBeNull();
    const frame = (pixelBatch(7).observations.front as Uint8Array).subarray(0, FRAME);
    const features = encoder!.encode('front', frame, 1);
    const expected = tf.tidy(() => {
      const p = Object.fromEntries(
        Object.entries(policy)
          .filter(([k]) => k.startsWith('encoder/'))
          .map(([k, t]) => [k.slice('encoder/'.length), tf.tensor(t.data, t.shape)]),
      );
      const x = new Float32Array(64 * 64 * 3);
      shiftedPooledInput(frame, 1, 128, 128, Int32Array.from([4, 4]), x); // (4, 4) is no shift
      return smallConvNetForward(p, 'front', tf.tensor4d(x, [1, 64, 64, 3])).dataSync();
    });
    for (let i = 0; i < 64; i++) expect(features[i]).toBeCloseTo(expected[i], 5);
    expect(smallEncoderFromPolicy(Object.fromEntries(Object.entries(policy).filter(([k]) => !k.startsWith('encoder/'))))).toBeNull();
    encoder!.dispose();
  });
});
