import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { initBackend, loadCheckpoint } from '@rlpd/sac-agent';
import type { Transition } from '@rlpd/spaces';
import { ActorClient } from '@rlpd/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerConfigSchema, type LearnerConfig } from './config.js';
import { freePort, quietLog, tinySpec, tinyTransition } from './tiny-task.test.js';
import { Learner, type LearnerSummary } from './learner.js';

const spec = tinySpec;
const quiet = quietLog;
const demo = (i: number): Transition => tinyTransition(i);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Learner', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'rlpd-learner-'));
    await writeTransitionsPickle(
      join(dir, 'demos.pkl'),
      Array.from({ length: 50 }, (_, i) => demo(i)),
      { observationSpace: spec.observationSpace },
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A learner on the tiny demos with small networks, in its own folder under `dir`. */
  const tinyRun = async (name: string, flags: Record<string, unknown>): Promise<LearnerConfig> =>
    learnerConfigSchema.parse({
      port: await freePort(),
      token: 't',
      checkpointPath: join(dir, name),
      demoPath: [join(dir, 'demos.pkl')],
      batchSize: 8,
      hiddenDims: [8, 8],
      ...flags,
    });

  // Regression: the server used to start only after pre-training, so an actor started with the
  // learner gave up ("no accepted hello within 10000 ms") whenever pre-training took longer.
  it('serves actors and GET /status while it pre-trains, and stops cleanly from there', async () => {
    const port = await freePort();
    const config = learnerConfigSchema.parse({
      port,
      token: 't',
      checkpointPath: join(dir, 'run'),
      demoPath: [join(dir, 'demos.pkl')],
      batchSize: 8,
      hiddenDims: [8, 8],
      pretrainSteps: 1_000_000,
    });
    const learner = new Learner(config, spec, 'wasm', quiet);
    const running = learner.run();
    const url = `http://127.0.0.1:${port}`;
    let status: { phase?: string; pretrainStep?: number } = {};
    for (let tries = 0; tries < 200 && !(status.phase === 'pretraining' && (status.pretrainStep ?? 0) > 0); tries++) {
      await sleep(50);
      status = (await fetch(`${url}/status`).then(
        (r) => r.json(),
        () => ({}),
      )) as typeof status;
    }
    expect(status.phase).toBe('pretraining');
    expect(status.pretrainStep).toBeGreaterThan(0);
    const actor = new ActorClient({ url, token: 't', actorId: 'a', envSpec: spec, configHash: 'h', logger: quiet });
    await actor.connect(); // the hello is accepted while the learner is still pre-training
    await actor.close();
    learner.stop();
    const summary = await running;
    expect(summary.pretrainSteps).toBeGreaterThan(0);
    expect(summary.learnerSteps).toBe(0);
    expect(summary.checkpoint).toContain('checkpoint_0');
  }, 60_000);
  it("trains RLPD's ensemble: --critic-ensemble-size 10 --critic-subsample-size 2 --utd 3, each critic its own parameters", async () => {
    const config = await tinyRun('rlpd', {
      criticEnsembleSize: 10,
      criticSubsampleSize: 2,
      utd: 3,
      pretrainSteps: 4,
    });
    const summary = await pretrainThenStop(config);
    expect(summary.pretrainSteps).toBe(4);
    const { tensors } = await loadCheckpoint(summary.checkpoint!);
    // --utd 3: each learner step is 3 critic updates and 1 actor update. Steps are stored as [hi, lo] halves.
    const step = (name: string) => tensors[`optimizer/${name}/step`].data[1];
    expect(step('critic')).toBe(12);
    expect(step('actor')).toBe(4);
    // Ten critics, each with its own parameters in every layer, the output layer included.
    const layers = ['dense0/kernel', 'dense1/kernel', 'norm1/scale', 'out/kernel', 'out/bias'];
    for (const layer of layers) {
      const members = [...Array(10).keys()].map((m) => Array.from(tensors[`critic/q${m}/${layer}`].data).join());
      expect(new Set(members).size, layer).toBe(10);
    }
    expect(tensors['critic/q10/out/kernel']).toBeUndefined();
  }, 60_000);

  it('trains a learned gripper (--setup-mode single-arm-learned-gripper): grasp critic in the checkpoint, its loss in metrics.jsonl', async () => {
    const config = await tinyRun('gripper', {
      setupMode: 'single-arm-learned-gripper',
      graspCriticHiddenDims: [8, 8],
      pretrainSteps: 2,
      logPeriod: 1,
    });
    const summary = await pretrainThenStop(config);
    const { tensors } = await loadCheckpoint(summary.checkpoint!);
    expect(tensors['actor/mean/kernel'].shape).toEqual([8, 1]); // the arm: 2 action dims minus the gripper
    expect(tensors['grasp_critic/out/kernel'].shape).toEqual([8, 3]);
    const lines = (await readFile(join(dir, 'gripper', 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const losses = lines.map((l) => l['grasp_critic/grasp_critic_loss']).filter((v) => v !== undefined);
    expect(losses).toHaveLength(2);
    for (const v of losses) expect(Number.isFinite(v)).toBe(true);
  }, 60_000);
});

/** Runs the learner through its demo-only pre-training, stops it while it waits for online data (no actor here), returns the summary. */
async function pretrainThenStop(config: LearnerConfig): Promise<LearnerSummary> {
  const learner = new Learner(config, spec, 'wasm', quiet);
  const running = learner.run();
  let status: { phase?: string } = {};
  for (let tries = 0; tries < 400 && status.phase !== 'waiting-for-data'; tries++) {
    await sleep(50);
    status = (await fetch(`http://127.0.0.1:${config.port}/status`).then(
      (r) => r.json(),
      () => ({}),
    )) as typeof status;
  }
  expect(status.phase).toBe('waiting-for-data');
  learner.stop();
  return running;
}
