import type { Batch } from '@rlpd/spaces';
import { featureKey, SacAgent, smallConvNetBackwardFlops, smallConvNetForwardFlops } from '@rlpd/sac-agent';
import { sacUpdateFlops } from './sac-flops.js';

/** Median wall and CPU milliseconds (this process's user + system time) of `runs` calls after one warm-up. */
function measure(f: () => void, runs: number): { wall: number; cpu: number } {
  f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    f();
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

const SIDE = 128;
const FRAME = SIDE * SIDE * 3;
const CAMERAS = ['front', 'wrist'] as const;
const STATE = 7;
const ACTION = 4;
const FEATURES = 64;
const HIDDEN = [256, 256];

function pixelBatch(size: number, seed: number): Batch {
  let s = seed;
  const byte = () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  const frames = () => Uint8Array.from({ length: size * FRAME }, byte);
  const floats = (n: number) => Float32Array.from({ length: n }, () => byte() / 128 - 1);
  return {
    size,
    observations: { state: floats(size * STATE), front: frames(), wrist: frames() },
    nextObservations: { state: floats(size * STATE), front: frames(), wrist: frames() },
    actions: floats(size * ACTION),
    rewards: floats(size),
    masks: new Float32Array(size).fill(1),
    dones: new Float32Array(size),
  };
}

/**
 * FLOPs of one `--encoder small` learner step (cta_ratio 2: a critic update and a full update),
 * per camera and update: the online encoder forward on the observations, forward on the next
 * observations (the policy's next actions) and the target encoder forward on them, plus the
 * backward pass on the observations; then the SAC MLPs on 2·64 features + 7 state numbers.
 */
export function smallEncoderStepFlops(batchSize: number): { encoder: number; mlp: number } {
  const perUpdate = CAMERAS.length * batchSize * (3 * smallConvNetForwardFlops() + smallConvNetBackwardFlops());
  const shape = {
    batchSize,
    observationDim: CAMERAS.length * FEATURES + STATE,
    actionDim: ACTION,
    hiddenDims: HIDDEN,
    criticEnsembleSize: 2,
    targetCritics: 2,
  };
  return { encoder: 2 * perUpdate, mlp: sacUpdateFlops(shape, false) + sacUpdateFlops(shape, true) };
}

/**
 * The `small` encoder's learner step at hil-serl's sizes (two 128x128 cameras, cta_ratio 2,
 * 2 critics, hidden [256, 256]) on batches with frames (DrQ shift per row, encoder forward and
 * backward every update), at batch 256 and 64. Sampling is left out (the prefetcher's workers copy
 * frames while the learner trains); the step's own work is timed, median of a few steps, per CPU
 * second of this process (as the state-only figures) and per wall-clock second.
 */
export function benchSmallEncoderSac(): Record<string, unknown> {
  const keys = [...CAMERAS.map(featureKey), 'state'];
  const byBatch = [256, 64].map((size) => {
    const agent = SacAgent.create({
      observationDim: CAMERAS.length * FEATURES + STATE,
      observationKeys: keys,
      actionDim: ACTION,
      seed: 1,
      pixelEncoder: { cameras: CAMERAS },
    });
    const batches = [pixelBatch(size, 1), pixelBatch(size, 2)];
    const ms = measure(
      () => {
        agent.updateCritic(batches[0]);
        agent.updateFull(batches[1]);
      },
      size === 256 ? 5 : 9,
    );
    const flops = smallEncoderStepFlops(size);
    const total = flops.encoder + flops.mlp;
    // Per CPU second of this process (what the code achieves on a shared machine), wall beside it.
    const perSecond = { cpu: 1000 / ms.cpu, wall: 1000 / ms.wall };
    return {
      batchSize: size,
      learnerStepsPerSecond: perSecond.cpu,
      flopsPerStep: total,
      encoderFlopsPerStep: flops.encoder,
      mlpFlopsPerStep: flops.mlp,
      achievedGflops: (total * perSecond.cpu) / 1e9,
      wall: { learnerStepsPerSecond: perSecond.wall, achievedGflops: (total * perSecond.wall) / 1e9 },
    };
  });
  return {
    smallEncoderLearnerStepsPerSecond: byBatch[0].learnerStepsPerSecond,
    smallEncoder: {
      ctaRatio: 2,
      cameras: CAMERAS.length,
      encoderForwardFlopsPerFrame: smallConvNetForwardFlops(),
      encoderBackwardFlopsPerFrame: smallConvNetBackwardFlops(),
      byBatch,
    },
  };
}
