import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArrayTreePickle, writeTransitionsPickle } from '@rlpd/replay-buffer';
import { featureKey, initBackend, loadCheckpoint, loadEncoder } from '@rlpd/sac-agent';
import { boxSize } from '@rlpd/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerConfigSchema } from './config.js';
import { Learner } from './learner.js';
import { freePort, quietLog, recordSimTransitions } from './tiny-task.test.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('learned gripper on pick-cube-vision (cached default-encoder features)', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'rlpd-gripper-vision-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("pre-trains the grasp critic and a 3-D arm policy on both cameras' features; the grasp loss is logged", async () => {
    // 24 sim steps of two 128x128 cameras, gripper commands cycling close/stay/open.
    const { spec, transitions } = await recordSimTransitions('pick-cube-vision', 24, 3, (t) =>
      Float32Array.of(Math.sin(t) * 0.5, Math.cos(t) * 0.5, -0.3, [-1, 0, 1][t % 3]),
    );
    expect(boxSize(spec.actionSpace)).toBe(4);
    const demoPath = join(dir, 'demos.pkl');
    await writeTransitionsPickle(demoPath, transitions, { observationSpace: spec.observationSpace });

    const encoder = await loadEncoder('default', '', { readArrayTree: readArrayTreePickle });
    const featureDim = encoder.featureDim;
    const cameras = [...encoder.cameras];
    const port = await freePort();
    const config = learnerConfigSchema.parse({
      port,
      token: 't',
      checkpointPath: join(dir, 'run'),
      demoPath: [demoPath],
      batchSize: 8,
      hiddenDims: [16, 16],
      setupMode: 'single-arm-learned-gripper',
      graspCriticHiddenDims: [8, 8],
      encoder: 'default',
      encoderCrops: 2,
      pretrainSteps: 2,
      logPeriod: 1,
    });
    const learner = new Learner(config, spec, 'wasm', quietLog, encoder);
    const running = learner.run();
    let status: { phase?: string } = {};
    for (let tries = 0; tries < 600 && status.phase !== 'waiting-for-data'; tries++) {
      await sleep(50);
      status = (await fetch(`http://127.0.0.1:${port}/status`).then(
        (r) => r.json(),
        () => ({}),
      )) as typeof status;
    }
    expect(status.phase).toBe('waiting-for-data');
    learner.stop();
    const summary = await running;
    expect(summary.pretrainSteps).toBe(2);

    const { tensors } = await loadCheckpoint(summary.checkpoint!);
    // The agent reads both cameras' features, then the state (no cube position in pick-cube-vision's state).
    const inputDim = cameras.length * featureDim + boxSize(spec.observationSpace.state);
    expect(cameras.map(featureKey)).toEqual(['front_features', 'wrist_features']);
    expect(tensors['actor/dense0/kernel'].shape).toEqual([inputDim, 16]);
    expect(tensors['actor/mean/kernel'].shape).toEqual([16, 3]); // the arm: 4 action dims minus the gripper
    expect(tensors['critic/q0/dense0/kernel'].shape).toEqual([inputDim + 3, 16]);
    expect(tensors['grasp_critic/dense0/kernel'].shape).toEqual([inputDim, 8]);
    expect(tensors['grasp_critic/out/kernel'].shape).toEqual([8, 3]);
    const lines = (await readFile(join(dir, 'run', 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const losses = lines.map((l) => l['grasp_critic/grasp_critic_loss']).filter((v) => v !== undefined);
    expect(losses).toHaveLength(2);
    for (const v of losses) expect(Number.isFinite(v)).toBe(true);
  }, 90_000);
});
