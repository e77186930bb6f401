import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayBuffer } from '@rlpd/replay-buffer';
import { box, type Transition } from '@rlpd/spaces';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferDumps } from './buffer-dumps.js';

const space = { state: box([3], -1e6, 1e6), wrist: box([2, 2], 0, 255, 'uint8') };
const make = (): ReplayBuffer => new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 100 });
const t = (i: number, intervened = false): Transition => ({
  observations: { state: Float32Array.of(i, 0, 0), wrist: Uint8Array.of(i, i, i, i) },
  nextObservations: { state: Float32Array.of(i + 1, 0, 0), wrist: Uint8Array.of(i + 1, 0, 0, 0) },
  actions: Float32Array.of(i, -i),
  rewards: i,
  masks: 1,
  dones: i % 4 === 3,
  intervened,
});

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('BufferDumps', () => {
  it('dumps what was added since the last dump, and restores all dumps in step order', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rlpd-dumps-'));
    dirs.push(root);
    const [online, demo] = [make(), make()];
    demo.insert(t(100)); // a demo file's transition: never dumped
    const dumps = new BufferDumps(root, online, demo, () => undefined);
    for (let i = 0; i < 5; i++) online.insert(t(i, i === 3)); // the intervention goes to demo_buffer/ too
    const first = dumps.dump(10);
    // Inserted while the files are written: the next dump's, not lost between the two.
    online.insert(t(5));
    expect(await first).toEqual({ online: 5, demo: 1 });
    for (let i = 6; i < 8; i++) online.insert(t(i));
    expect(await dumps.dump(20)).toEqual({ online: 3, demo: 0 });
    expect(dumps.dumped).toBe(8);
    expect(await readdir(join(root, 'buffer'))).toEqual(['transitions_10.pkl', 'transitions_20.pkl']);
    expect(await readdir(join(root, 'demo_buffer'))).toEqual(['transitions_10.pkl']);

    const [online2, demo2] = [make(), make()];
    const restored = new BufferDumps(root, online2, demo2, () => undefined);
    expect(await restored.restore()).toEqual({ online: 8, demo: 1 });
    expect(online2.toTransitions()).toEqual(online.toTransitions());
    expect(demo2.toTransitions()).toEqual([t(3, true)]);
    expect(restored.dumped).toBe(8);
    // Dumps after the checkpoint a learner resumes from are removed (written again from the journal).
    expect(await restored.removeAfter(10)).toEqual([join(root, 'buffer', 'transitions_20.pkl')]);
    expect(await readdir(join(root, 'buffer'))).toEqual(['transitions_10.pkl']);
    expect(await readdir(join(root, 'demo_buffer'))).toEqual(['transitions_10.pkl']);
  });

  it('with interventions kept out of the demo buffer (--intervention-buffers online), dumps no demo_buffer file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rlpd-dumps-'));
    dirs.push(root);
    const online = make();
    const dumps = new BufferDumps(root, online, make(), () => undefined, false);
    for (let i = 0; i < 4; i++) online.insert(t(i, true));
    expect(await dumps.dump(10)).toEqual({ online: 4, demo: 0 });
    expect(await readdir(join(root, 'buffer'))).toEqual(['transitions_10.pkl']);
    await expect(readdir(join(root, 'demo_buffer'))).rejects.toThrow(/ENOENT/);
  });

  it('restores nothing when no dump exists', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rlpd-dumps-'));
    dirs.push(root);
    expect(await new BufferDumps(root, make(), make(), () => undefined).restore()).toEqual({ online: 0, demo: 0 });
  });
});
