import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend, type BackendName } from './init-backend.js';
import { Adam } from './internal/adam.js';
import { criticLayout, type CriticShape } from './internal/critic-ensemble.js';
import { Rng } from './internal/rng.js';
import { actorLayout, type ActorShape } from './internal/tanh-normal-policy.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { decodeUint32s } from './internal/uint32-codec.js';
import type { NamedTensors } from './named-tensors.js';
import { SacAgent } from './sac-agent.js';
import type { SacConfig } from './sac-config.js';

/**
 * End to end: the gradients each Adam step of `updateFull` receives (critic, actor,
 * temperature) against `tf.grads` of the full SAC losses, written here from plain tfjs ops
 * (matMul, mean, sqrt, tanh, …; none of the library's kernels or hand-chained backward passes).
 */

const OBS = 3;
const ACT = 2;
const B = 6;
const HIDDEN = [5, 4];
const LN_EPSILON = 1e-6;
type P = Record<string, tf.Tensor>;

function reference_mlp(p: P, prefix: string, x: tf.Tensor): tf.Tensor {
  let h = x;
  HIDDEN.forEach((_, i) => {
    h = tf.add(tf.matMul(h, p[`${prefix}dense${i}/kernel`]), p[`${prefix}dense${i}/bias`]);
    const centered = tf.sub(h, tf.mean(h, -1, true));
    const variance = tf.mean(tf.square(centered), -1, true);
    h = tf.add(tf.mul(tf.div(centered, tf.sqrt(tf.add(variance, LN_EPSILON))), p[`${prefix}norm${i}/scale`]), p[`${prefix}norm${i}/offset`]);
    h = tf.tanh(h);
  });
  return h;
}

function referenceQ(p: P, member: number, observations: tf.Tensor, actions: tf.Tensor): tf.Tensor {
  const h = reference_mlp(p, `q${member}/`, tf.concat([observations, actions], 1));
  return tf.reshape(tf.add(tf.matMul(h, p[`q${member}/out/kernel`]), p[`q${member}/out/bias`]), [-1]);
}

/** a = tanh(u), u = mean + std · noise; log π(a|s) = log N(u; mean, std) - Σ log(1 - tanh²u), in the textbook form. */
function referencePolicy(p: P, c: SacConfig, observations: tf.Tensor, noise: tf.Tensor): { actions: tf.Tensor; logPi: tf.Tensor } {
  const h = reference_mlp(p, '', observations);
  const mean = tf.add(tf.matMul(h, p['mean/kernel']), p['mean/bias']);
  const std = tf.clipByValue(tf.exp(tf.add(tf.matMul(h, p['log_std/kernel']), p['log_std/bias'])), c.stdMin, c.stdMax);
  const u = tf.add(mean, tf.mul(std, noise));
  const actions = tf.tanh(u);
  const gaussian = tf.sum(tf.sub(tf.mul(tf.square(noise), -0.5), tf.add(tf.log(std), 0.5 * Math.log(2 * Math.PI))), -1);
  return { actions, logPi: tf.sub(gaussian, tf.sum(tf.log(tf.sub(1, tf.square(actions))), -1)) };
}

function flat(grads: readonly tf.Tensor[]): Float32Array {
  return Float32Array.from(grads.flatMap((g) => Array.from(g.dataSync())));
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / scale, `${what}: max abs diff ${worst} against max |grad| ${scale}`).toBeLessThan(5e-5);
}

const configs: [string, Partial<SacConfig>][] = [
  ["hil-serl's (2 critics, min over both)", { criticEnsembleSize: 2 }],
  ["RLPD's (min over 2 random of 4 critics) with the entropy backup", { criticEnsembleSize: 4, criticSubsample: 2, backupEntropy: true, discount: 0.99 }],
  [
    'the learned gripper (grasp critic, double DQN, grasp_penalty)',
    { setupMode: 'single-arm-learned-gripper', graspCriticHiddenDims: HIDDEN, graspPenalty: -0.1 },
  ],
];

for (const backend of ['wasm', 'cpu'] as const satisfies readonly BackendName[]) {
  describe(`the composed update on ${backend}: each Adam step receives tf.grads of the full loss`, () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    for (const [name, overrides] of configs) {
      it(name, async () => {
        await initBackend(backend, () => {});
        // With a learned gripper the env action has one more dimension; critics and policy see ACT arm dimensions.
        const learnedGripper = overrides.setupMode === 'single-arm-learned-gripper';
        const envActionDim = learnedGripper ? ACT + 1 : ACT;
        const agent = SacAgent.create({
          observationDim: OBS,
          actionDim: envActionDim,
          config: { hiddenDims: HIDDEN, initTemperature: 0.3, ...overrides },
          seed: 4,
        });
        const c = agent.config;
        agent.updateFull(randomBatch(B, OBS, envActionDim, 1)); // move off the initial values (zero biases, unit scales)
        const state = agent.exportState();
        const batch = randomBatch(B, OBS, envActionDim, 2);
        // The update's random draws, in its order: noise at s', noise at s, the target subset.
        const rng = new Rng(0);
        rng.setState(decodeUint32s('rng/update', state['rng/update'], 4));
        const nextNoise = rng.fillNormal(new Float32Array(B * ACT));
        const noise = rng.fillNormal(new Float32Array(B * ACT));
        const members = c.criticSubsample === null ? [...Array(c.criticEnsembleSize).keys()] : rng.choose(c.criticEnsembleSize, c.criticSubsample);

        const adamSteps = vi.spyOn(Adam.prototype, 'apply');
        const metrics = agent.updateFull(batch);
        const received = adamSteps.mock.calls.map(([, grad]) => grad);
        expect(received).toHaveLength(learnedGripper ? 4 : 3);

        const arm = learnedGripper ? batch.actions.filter((_, i) => i % envActionDim < ACT) : batch.actions;
        const reference = referenceGradients(state, c, agent.targetEntropy, { ...batch, actions: arm }, nextNoise, noise, members);
        expectClose(received[0], reference.critic, 'critic gradient');
        if (learnedGripper) {
          const gripper = batch.actions.filter((_, i) => i % envActionDim === ACT);
          const grasp = referenceGraspGradient(state, c, batch, gripper);
          expectClose(received[1], grasp.grad, 'grasp critic gradient');
          expect(metrics['grasp_critic/grasp_critic_loss']).toBeCloseTo(grasp.loss, 5);
        }
        expectClose(received.at(-2)!, reference.actor, 'actor gradient');
        expectClose(received.at(-1)!, reference.temperature, 'temperature gradient');
        expect(metrics['critic/critic_loss']).toBeCloseTo(reference.criticLoss, 5);
        expect(metrics['actor/actor_loss']).toBeCloseTo(reference.actorLoss, 5);
      });
    }
  });
}

function referenceGradients(
  state: NamedTensors,
  c: SacConfig,
  targetEntropy: number,
  batch: ReturnType<typeof randomBatch>,
  nextNoiseData: Float32Array,
  noiseData: Float32Array,
  members: readonly number[],
) {
  const criticShape: CriticShape = { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, ensembleSize: c.criticEnsembleSize, layerNorm: true };
  const actorShape: ActorShape = { observationDim: OBS, actionDim: ACT, hiddenDims: HIDDEN, layerNorm: true, stdMin: c.stdMin, stdMax: c.stdMax };
  const criticNames = criticLayout(criticShape).specs.map((s) => s.name);
  const actorNames = actorLayout(actorShape).specs.map((s) => s.name);
  const load = (prefix: string, names: string[]) => names.map((n) => tf.tensor(state[`${prefix}/${n}`].data, state[`${prefix}/${n}`].shape));
  const named = (names: string[], tensors: tf.Tensor[]): P => Object.fromEntries(names.map((n, i) => [n, tensors[i]]));
  return tf.tidy(() => {
    const critic = load('critic', criticNames);
    const target = named(criticNames, load('target_critic', criticNames));
    const actor = load('actor', actorNames);
    const temperatureParam = tf.tensor1d(state['temperature/param'].data);
    const alpha = tf.softplus(temperatureParam);
    const s = tf.tensor2d(batch.observations.state as Float32Array, [B, OBS]);
    const s2 = tf.tensor2d(batch.nextObservations.state as Float32Array, [B, OBS]);
    const a = tf.tensor2d(batch.actions, [B, ACT]);
    const E = c.criticEnsembleSize;

    // Critic: qTarget is a constant of the critic loss.
    const next = referencePolicy(named(actorNames, actor), c, s2, tf.tensor2d(nextNoiseData, [B, ACT]));
    let nextQ = members.map((m) => referenceQ(target, m, s2, next.actions)).reduce((x, y) => tf.minimum(x, y));
    if (c.backupEntropy) nextQ = tf.sub(nextQ, tf.mul(alpha, next.logPi));
    const qTarget = tf.add(tf.tensor1d(batch.rewards), tf.mul(tf.mul(tf.tensor1d(batch.masks), c.discount), nextQ));
    const criticLoss = (...xs: tf.Tensor[]) =>
      tf.div(tf.addN([...Array(E).keys()].map((m) => tf.mean(tf.square(tf.sub(referenceQ(named(criticNames, xs), m, s, a), qTarget))))), E) as tf.Scalar;
    const criticStep = tf.valueAndGrads(criticLoss)(critic);

    // Actor: critics and α are constants.
    const noise = tf.tensor2d(noiseData, [B, ACT]);
    const actorLoss = (...xs: tf.Tensor[]) => {
      const pi = referencePolicy(named(actorNames, xs), c, s, noise);
      const qMean = tf.div(tf.addN([...Array(E).keys()].map((m) => referenceQ(named(criticNames, critic), m, s, pi.actions))), E);
      return tf.mean(tf.sub(tf.mul(alpha, pi.logPi), qMean)) as tf.Scalar;
    };
    const actorStep = tf.valueAndGrads(actorLoss)(actor);

    // Temperature: the entropy estimate is a constant.
    const entropy = tf.neg(tf.mean(referencePolicy(named(actorNames, actor), c, s, noise).logPi));
    const temperatureGrad = tf.grads((p: tf.Tensor) => tf.sum(tf.mul(tf.softplus(p), tf.sub(entropy, targetEntropy))))([temperatureParam]);
    return {
      critic: flat(criticStep.grads),
      actor: flat(actorStep.grads),
      temperature: flat(temperatureGrad),
      criticLoss: criticStep.value.dataSync()[0],
      actorLoss: actorStep.value.dataSync()[0],
    };
  });
}

/**
 * Double DQN over {close, stay, open}: y = r + penalty·[command ≠ stay] + γ·mask·Q'(s', argmax Q(s', ·)),
 * loss = mean (Q(s, command) - y)²; the command of a gripper action a is close at a <= -0.5, open at a >= 0.5.
 */
function referenceGraspGradient(state: NamedTensors, c: SacConfig, batch: ReturnType<typeof randomBatch>, gripper: Float32Array) {
  const names = Object.keys(state)
    .filter((n) => n.startsWith('grasp_critic/'))
    .map((n) => n.slice('grasp_critic/'.length));
  const load = (prefix: string) => names.map((n) => tf.tensor(state[`${prefix}/${n}`].data, state[`${prefix}/${n}`].shape));
  const named = (tensors: tf.Tensor[]): P => Object.fromEntries(names.map((n, i) => [n, tensors[i]]));
  const q = (p: P, x: tf.Tensor) => tf.add(tf.matMul(reference_mlp(p, '', x), p['out/kernel']), p['out/bias']);
  return tf.tidy(() => {
    const params = load('grasp_critic');
    const s = tf.tensor2d(batch.observations.state as Float32Array, [B, OBS]);
    const s2 = tf.tensor2d(batch.nextObservations.state as Float32Array, [B, OBS]);
    const online = q(named(params), s2).arraySync() as number[][];
    const target = q(named(load('target_grasp_critic')), s2).arraySync() as number[][];
    const commands = Array.from(gripper, (a) => (a <= -0.5 ? 0 : a >= 0.5 ? 2 : 1));
    const y = commands.map((command, b) => {
      const best = online[b].indexOf(Math.max(...online[b]));
      return batch.rewards[b] + (command === 1 ? 0 : c.graspPenalty) + c.discount * batch.masks[b] * target[b][best];
    });
    const executed = tf.cast(tf.oneHot(tf.tensor1d(commands, 'int32'), 3), 'float32');
    const loss = (...xs: tf.Tensor[]) => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(q(named(xs), s), executed), -1), tf.tensor1d(y)))) as tf.Scalar;
    const { value, grads } = tf.valueAndGrads(loss)(params);
    return { grad: flat(grads), loss: value.dataSync()[0] };
  });
}
