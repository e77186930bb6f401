import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { initBackend } from './init-backend.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { SacAgent } from './sac-agent.js';

const options = { observationDim: 5, actionDim: 2, config: { hiddenDims: [16, 16] } };

describe('checkpoints', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend('wasm', () => {});
    root = await mkdtemp(join(tmpdir(), 'sac-ckpt-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('save -> load -> continue training is bit-identical to training without the interruption', async () => {
    const batches = [0, 1, 2, 3, 4, 5].map((i) => randomBatch(16, 5, 2, i));
    const step = (agent: SacAgent, i: number) => (i % 2 === 0 ? agent.updateFull(batches[i]) : agent.updateCritic(batches[i]));

    const straight = SacAgent.create({ ...options, seed: 1 });
    const interrupted = SacAgent.create({ ...options, seed: 1 });
    for (let i = 0; i < 3; i++) {
      step(straight, i);
      step(interrupted, i);
    }
    interrupted.sampleActions(new Float32Array(5)); // moves the acting RNG
    straight.sampleActions(new Float32Array(5));
    const dir = await saveCheckpoint(root, 3, interrupted, { step: 3, note: 'test' });
    expect(dir).toBe(join(root, 'checkpoint_3'));

    const loaded = await loadCheckpoint(dir);
    expect(loaded.state).toEqual({ step: 3, note: 'test' });
    expect(loaded.metadata.step).toBe('3');
    const resumed = SacAgent.create({ ...options, seed: 99 });
    resumed.importState(loaded.tensors);
    const a: unknown[] = [];
    const b: unknown[] = [];
    for (let i = 3; i < 6; i++) {
      a.push(step(straight, i));
      b.push(step(resumed, i));
    }
    expect(b).toEqual(a);
    const obs = Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5);
    expect(resumed.sampleActions(obs)).toEqual(straight.sampleActions(obs));
    const sa = straight.exportState();
    const sb = resumed.exportState();
    expect(Object.keys(sb).sort()).toEqual(Object.keys(sa).sort());
    for (const name of Object.keys(sa)) {
      expect(new Uint8Array(sb[name].data.buffer.slice(0)), name).toEqual(new Uint8Array(sa[name].data.buffer.slice(0)));
    }
  });

  it('replaces a checkpoint of the same step, leaves no temp folders, finds the latest complete one', async () => {
    const sub = join(root, 'run');
    const agent = SacAgent.create({ ...options, seed: 2 });
    await saveCheckpoint(sub, 10, agent, { v: 1 });
    await saveCheckpoint(sub, 10, agent, { v: 2 });
    await saveCheckpoint(sub, 2, agent, {});
    expect((await loadCheckpoint(join(sub, 'checkpoint_10'))).state).toEqual({ v: 2 });
    expect((await readdir(sub)).sort()).toEqual(['checkpoint_10', 'checkpoint_2']);
    // An incomplete folder with a higher step (e.g. copied by hand) is skipped.
    await mkdir(join(sub, 'checkpoint_20'));
    await writeFile(join(sub, 'checkpoint_20', 'state.json'), '{}');
    expect(await latestCheckpoint(sub)).toBe(join(sub, 'checkpoint_10'));
    expect(await latestCheckpoint(join(root, 'missing'))).toBeNull();
    await expect(saveCheckpoint(sub, -1, agent, {})).rejects.toThrow(/non-negative integer/);
  });
});
