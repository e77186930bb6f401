import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { initBackend } from '@rlpd/sac-agent';
import type { Transition } from '@rlpd/spaces';
import { ActorClient } from '@rlpd/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerConfigSchema } from './config.js';
import { quietLog, tinySpec, tinyTransition } from './tiny-task.test.js';
import { Learner } from './learner.js';

const spec = tinySpec;
const quiet = quietLog;
const demo = (i: number): Transition => tinyTransition(i);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('Learner', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'rlpd-learner-'));
    await writeTransitionsPickle(join(dir, 'demos.pkl'), Array.from({ length: 50 }, (_, i) => demo(i)), { observationSpace: spec.observationSpace });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
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
      status = (await fetch(`${url}/status`).then((r) => r.json(), () => ({}))) as typeof status;
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
});
