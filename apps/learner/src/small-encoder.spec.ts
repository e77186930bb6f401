import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import {
  agentObservationDim,
  initBackend,
  liveTensorCount,
  loadCheckpoint,
  SacAgent,
  smallEncoderCameras,
  withSmallEncoderFeatures,
  type NamedTensors,
} from '@rlpd/sac-agent';
import type { EnvSpec } from '@rlpd/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerConfigSchema, type LearnerConfig } from './config.js';
import { Learner, type LearnerSummary } from './learner.js';
import { freePort, quietLog, recordSimTransitions } from './tiny-task.test.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** --encoder small on pick-cube-vision: demo-only updates on rendered frames, checkpoint, resume. */
describe('learner --encoder small (pick-cube-vision)', () => {
  let dir: string;
  let spec: EnvSpec;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'rlpd-small-encoder-'));
    // 12 transitions of rendered frames, actions from a fixed pattern.
    const recorded = await recordSimTransitions(
      'pick-cube-vision',
      12,
      1,
      (i) => Float32Array.from({ length: 4 }, (_, k) => Math.sin(i + k)),
      (i) => i === 11,
    );
    spec = recorded.spec;
    const transitions = recorded.transitions;
    await writeTransitionsPickle(join(dir, 'demos.pkl'), transitions, { observationSpace: spec.observationSpace });
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const config = async (resume: boolean): Promise<LearnerConfig> =>
    learnerConfigSchema.parse({
      env: 'pick-cube-vision',
      encoder: 'small',
      port: await freePort(),
      token: 't',
      checkpointPath: join(dir, 'run'),
      demoPath: [join(dir, 'demos.pkl')],
      batchSize: 4,
      hiddenDims: [16, 16],
      pretrainSteps: 3,
      resume,
    });

  it('trains the encoder from the frames of each batch, frees every tensor, and resumes with the trained encoder', async () => {
    const tensorsBefore = liveTensorCount();
    const first = await pretrainThenStop(new Learner(await config(false), spec, 'wasm', quietLog));
    expect(liveTensorCount()).toBe(tensorsBefore);
    expect(first.pretrainSteps).toBe(3);
    const saved = (await loadCheckpoint(first.checkpoint!)).tensors;
    // 3 learner steps x cta_ratio 2 = 6 critic updates, each an encoder step.
    expect(saved['optimizer/encoder/step'].data[1]).toBe(6);
    const cameras = smallEncoderCameras(spec.observationSpace);
    expect(cameras).toEqual(['front', 'wrist']);
    // The initial weights (same seed), against which the trained ones must differ.
    const keys = [...cameras.map((c) => `${c}_features`), 'state'];
    const fresh = SacAgent.create({
      observationDim: agentObservationDim(withSmallEncoderFeatures(spec.observationSpace, cameras), keys),
      observationKeys: keys,
      actionDim: 4,
      seed: 42,
      pixelEncoder: { cameras },
    }).exportState();
    for (const name of ['encoder/front/conv0/kernel', 'encoder/wrist/dense/kernel']) expect(differs(saved[name], fresh[name]), name).toBe(true);
    expect(saved['encoder/front/conv0/kernel'].shape).toEqual(fresh['encoder/front/conv0/kernel'].shape);

    // Resume: the agent (encoder, its target, Adam moments, shift RNG) comes back; stopping again writes it unchanged.
    const second = await pretrainThenStop(new Learner(await config(true), spec, 'wasm', quietLog));
    const resumed = (await loadCheckpoint(second.checkpoint!)).tensors;
    for (const name of ['encoder/front/conv0/kernel', 'target_encoder/wrist/conv3/bias', 'optimizer/encoder/v', 'rng/shift']) {
      expect(Array.from(resumed[name].data), name).toEqual(Array.from(saved[name].data));
    }
    expect(liveTensorCount()).toBe(tensorsBefore);
  }, 300_000);
});

function differs(a: NamedTensors[string], b: NamedTensors[string]): boolean {
  return a.data.some((v, i) => v !== b.data[i]);
}

/** Runs the learner through its demo-only updates, stops it while it waits for online data, returns the summary. */
async function pretrainThenStop(learner: Learner): Promise<LearnerSummary> {
  const running = learner.run();
  const port = await learner.port;
  let status: { phase?: string } = {};
  for (let tries = 0; tries < 1200 && status.phase !== 'waiting-for-data'; tries++) {
    await sleep(50);
    status = (await fetch(`http://127.0.0.1:${port}/status`).then(
      (r) => r.json(),
      () => ({}),
    )) as typeof status;
  }
  expect(status.phase).toBe('waiting-for-data');
  learner.stop();
  return running;
}
