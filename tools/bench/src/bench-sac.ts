import { initBackend, Policy, SacAgent, type SacConfig } from '@rlpd/sac-agent';
import type { Batch } from '@rlpd/spaces';
import * as tf from '@tensorflow/tfjs-core';
import { sacUpdateFlops } from './sac-flops.js';
import { timeIt } from './time-it.js';
import { benchVisionSac } from './bench-vision-sac.js';
import { benchSmallEncoderSac } from './bench-small-encoder-sac.js';

const B = 256;
const OBSERVATION_DIM = 10;
const ACTION_DIM = 4;
const HIDDEN = [256, 256];
const CTA_RATIO = 2;
const ROUNDS = 15;

interface LearnerCase {
  readonly name: string;
  readonly config: Partial<SacConfig>;
}

/** hil-serl's state config, RLPD's ensemble and the learned gripper, all at cta_ratio 2. */
const CASES: readonly LearnerCase[] = [
  { name: 'state', config: {} },
  { name: 'ensemble10of2', config: { criticEnsembleSize: 10, criticSubsample: 2 } },
  { name: 'learnedGripper', config: { setupMode: 'single-arm-learned-gripper' } },
];

function randomBatch(actionDim: number): Batch {
  let seed = 1;
  const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  return {
    size: B,
    observations: { state: random(B * OBSERVATION_DIM) },
    nextObservations: { state: random(B * OBSERVATION_DIM) },
    actions: random(B * actionDim),
    rewards: random(B),
    masks: new Float32Array(B).fill(1),
    dones: new Float32Array(B),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds per call of `f` over `reps` calls: wall clock and this process's CPU time. */
function measure(f: () => unknown, reps: number): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { wall: wall / reps, cpu: (cpu.user + cpu.system) / 1000 / reps };
}

function record(into: { wall: number[]; cpu: number[] }, m: { wall: number; cpu: number }): void {
  into.wall.push(m.wall);
  into.cpu.push(m.cpu);
}

/**
 * Learner steps per second (cta_ratio 2: one critic-only update, then one full update) at
 * hil-serl's sizes (batch 256, hidden [256, 256], observation 10, action 4; the learned gripper's
 * policy covers 3 of them, its grasp critic is [256, 256]) for each case, the
 * matMul FLOPs each step performs (counted from the layer sizes), and the plain 256^3 matMul
 * rate of the same backend measured in the same rounds: `flopEfficiency` is the achieved FLOP
 * rate over that matMul rate. Rounds alternate learner steps and matMul timings, so both see
 * the same machine load; rates are per CPU second of this process (the machine may be shared),
 * with the wall-clock figures beside them. Also the batch-1 policy inference time of the actor.
 */
export async function benchSac(): Promise<Record<string, unknown>> {
  const backend = await initBackend('auto', () => undefined);
  const batch = randomBatch(ACTION_DIM);
  const agents = CASES.map((c) =>
    SacAgent.create({ observationDim: OBSERVATION_DIM, actionDim: ACTION_DIM, config: { hiddenDims: HIDDEN, ...c.config }, seed: 1 }),
  );
  const learnerStep = (agent: SacAgent) => () => {
    for (let i = 0; i < CTA_RATIO - 1; i++) agent.updateCritic(batch);
    agent.updateFull(batch);
  };
  const a = tf.randomNormal([256, 256]);
  const b = tf.randomNormal([256, 256]);
  // The wasm and cpu backends compute synchronously: the product is done when matMul returns.
  // (Reading the 256 KB result back is left out: it measured 0.2-50 ms on the loaded host.)
  const matMul = () =>
    tf.tidy(() => {
      tf.matMul(a, b);
    });
  for (const agent of agents) for (let i = 0; i < 2; i++) learnerStep(agent)(); // warm-up
  const stepMs = agents.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const matMulMs = { wall: [] as number[], cpu: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    agents.forEach((agent, i) => {
      record(stepMs[i], measure(learnerStep(agent), 1));
      record(matMulMs, measure(matMul, 10));
    });
  }
  const transposedB = timeIt(() => tf.tidy(() => tf.matMul(a, b, false, true).dataSync()), 2, 5);
  const transposedA = timeIt(() => tf.tidy(() => tf.matMul(a, b, true, false).dataSync()), 2, 5);
  tf.dispose([a, b]);
  const matMulFlops = 2 * 256 ** 3;
  const matMulGflops = { cpu: matMulFlops / median(matMulMs.cpu) / 1e6, wall: matMulFlops / median(matMulMs.wall) / 1e6 };

  const learner = Object.fromEntries(
    CASES.map((c, i) => {
      const config = agents[i].config;
      const shape = {
        batchSize: B,
        observationDim: OBSERVATION_DIM,
        actionDim: agents[i].policyDim,
        hiddenDims: HIDDEN,
        criticEnsembleSize: config.criticEnsembleSize,
        targetCritics: config.criticSubsample ?? config.criticEnsembleSize,
        graspCritic: config.setupMode === 'single-arm-learned-gripper' ? { hiddenDims: config.graspCriticHiddenDims, actions: 3 } : undefined,
      };
      const flopsPerStep = (CTA_RATIO - 1) * sacUpdateFlops(shape, false) + sacUpdateFlops(shape, true);
      const perSecond = { cpu: 1000 / median(stepMs[i].cpu), wall: 1000 / median(stepMs[i].wall) };
      const achievedGflops = { cpu: (flopsPerStep * perSecond.cpu) / 1e9, wall: (flopsPerStep * perSecond.wall) / 1e9 };
      return [
        c.name,
        {
          config: c.config,
          ctaRatio: CTA_RATIO,
          flopsPerStep,
          // Per CPU second of this process: what the code achieves, whatever else the machine runs.
          learnerStepsPerSecond: perSecond.cpu,
          achievedGflops: achievedGflops.cpu,
          flopEfficiency: achievedGflops.cpu / matMulGflops.cpu,
          // Per wall-clock second: lower on a loaded machine.
          wall: { learnerStepsPerSecond: perSecond.wall, achievedGflops: achievedGflops.wall, flopEfficiency: achievedGflops.wall / matMulGflops.wall },
        },
      ];
    }),
  );

  const policy = Policy.create({ observationDim: OBSERVATION_DIM, actionDim: ACTION_DIM, hiddenDims: HIDDEN, seed: 1 });
  const observation = Float32Array.from({ length: OBSERVATION_DIM }, (_, i) => Math.sin(i));
  const policyActMedianWallMs = timeIt(() => policy.act(observation), 50, 301);
  const policyAct = measure(() => policy.act(observation), 300);
  const vision = await benchVisionSac();
  const smallEncoder = benchSmallEncoderSac();

  return {
    benchmark: 'sac',
    backend,
    batchSize: B,
    observationDim: OBSERVATION_DIM,
    actionDim: ACTION_DIM,
    hiddenDims: HIDDEN,
    rounds: ROUNDS,
    learner,
    policyActBatch1: { medianWallMs: policyActMedianWallMs, meanCpuMs: policyAct.cpu, meanWallMs: policyAct.wall },
    ...vision,
    ...smallEncoder,
    reference: {
      matMul256Ms: median(matMulMs.cpu),
      matMul256Gflops: matMulGflops.cpu,
      wall: { matMul256Ms: median(matMulMs.wall), matMul256Gflops: matMulGflops.wall },
      matMulTransposeBMs: transposedB,
      matMulTransposeAMs: transposedA,
    },
  };
}
