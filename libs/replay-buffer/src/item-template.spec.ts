import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box } from '@rlpd/spaces';
import { ByteSource } from './internal/unpickle/byte-source.js';
import { unpickle } from './internal/unpickle/unpickle.js';
import { numpyVersion, python } from './internal/python3.test.js';
import { streamTransitionsPickleBytesWith, type PickledTransition } from './stream-transitions-pickle.js';
import { writeTransitionsPickle } from './write-transitions-pickle.js';

// The template fast path (internal/unpickle/item-template.ts) must give exactly what the
// generic opcode machine gives, on every layout, and leave items that differ to the machine.

/** Everything a visitor sees, as plain data (arrays copied: they are views valid during the visit only). */
function snapshot(p: PickledTransition): unknown {
  const arrays = (o: Record<string, Float32Array | Uint8Array>): unknown =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [v.constructor.name, Array.from(v)]]));
  const { observations, nextObservations, actions, ...scalars } = p.transition;
  return {
    index: p.index,
    offset: p.offset,
    observations: arrays(observations),
    nextObservations: arrays(nextObservations),
    actions: ['Float32Array', Array.from(actions)],
    scalars,
    stored: p.stored,
    sourceOffsets: p.sourceOffsets,
    layout: p.layout,
  };
}

async function both(bytes: Uint8Array): Promise<{ generic: unknown[] | string; templated: unknown[] | string }> {
  const run = async (templates: boolean): Promise<unknown[] | string> => {
    const seen: unknown[] = [];
    try {
      await streamTransitionsPickleBytesWith(bytes, 'file.pkl', (p) => seen.push(snapshot(p)), templates);
      return seen;
    } catch (err) {
      return `${(err as Error).message} after ${seen.length}`;
    }
  };
  return { generic: await run(false), templated: await run(true) };
}

async function templatedItems(bytes: Uint8Array): Promise<number> {
  const r = await unpickle(ByteSource.fromBytes(bytes, 'file.pkl'), { onRootItem: () => undefined });
  return r.templatedItems;
}

const WRITE = `
import pickle, pickletools, sys, numpy as np
out = sys.argv[1]
N = 12
def serl(s, last):
    return dict(observations=np.arange(5, dtype=np.float32) * 0.25 + s, actions=np.array([0.5, -0.25, 0.0, s], np.float32),
        next_observations=np.arange(5, dtype=np.float32) * 0.25 + s + 1, rewards=float(last), masks=1.0 - last, dones=last)
def hil(s, last):
    return dict(observations={'state': np.full((1, 19), s, np.float32), 'wrist_1': np.full((1, 4, 4, 3), s, np.uint8)},
        actions=np.arange(-3, 4) * 0.25 + s, next_observations={'state': np.full((1, 19), s + 1, np.float32), 'wrist_1': np.full((1, 4, 4, 3), s + 1, np.uint8)},
        rewards=int(last), masks=1.0 - last, dones=last, infos={'succeed': last, **({'intervene_action': np.arange(-3, 4) * 0.25} if s % 4 == 0 else {})})
def nested(s, last):
    return dict(observations={'state': {'tcp_pose': np.full(6, s, np.float64), 'gripper': np.array([0.5], np.float32)}, 'images': {'front': np.full((2, 2, 3), s, np.uint8)}},
        actions=np.array([[s, 1.0]], np.float32),
        next_observations={'state': {'tcp_pose': np.full(6, s + 1, np.float64), 'gripper': np.array([0.25], np.float32)}, 'images': {'front': np.full((2, 2, 3), s + 1, np.uint8)}},
        rewards=np.float32(0.5 * last), masks=np.float64(1.0 - last), dones=np.bool_(last))
for name, make in (('serl', serl), ('hil', hil), ('nested', nested)):
    ts = [make(s, s == N - 1) for s in range(N)]
    for proto in (2, 4, 5):
        data = pickle.dumps(ts, protocol=proto)
        open(f'{out}/{name}-p{proto}-numpy2.pkl', 'wb').write(data)
        data = data.replace(b'\\x8c\\x16numpy._core.multiarray', b'\\x8c\\x15numpy.core.multiarray').replace(b'\\x8c\\x13numpy._core.numeric', b'\\x8c\\x12numpy.core.numeric')
        data = data.replace(b'X\\x16\\x00\\x00\\x00numpy._core.multiarray', b'X\\x15\\x00\\x00\\x00numpy.core.multiarray')
        data = data.replace(b'cnumpy._core.multiarray', b'cnumpy.core.multiarray')
        open(f'{out}/{name}-p{proto}-numpy1.pkl', 'wb').write(pickletools.optimize(data) if proto >= 4 else data)
# transition 7 differs from the others: a state of another shape, another dtype, an extra key, a missing key
base = [hil(s, s == N - 1) for s in range(N)]
def variant(change):
    ts = [hil(s, s == N - 1) for s in range(N)]
    change(ts[7])
    return ts
variants = {
    'shape': lambda t: t['observations'].__setitem__('state', np.zeros((1, 20), np.float32)),
    'dtype': lambda t: t['observations'].__setitem__('state', np.zeros((1, 19), np.float64)),
    'image-dtype': lambda t: t['observations'].__setitem__('wrist_1', np.zeros((1, 4, 4, 3), np.float32)),
    'extra-key': lambda t: t['observations'].__setitem__('extra', np.zeros(2, np.float32)),
    'missing-key': lambda t: t.__delitem__('masks'),
    'reward-type': lambda t: t.__setitem__('rewards', 0.5),
    'fortran': lambda t: t['next_observations'].__setitem__('wrist_1', np.asfortranarray(np.arange(48, dtype=np.uint8).reshape(4, 4, 3))[None]),
}
for name, change in variants.items():
    open(f'{out}/differs-{name}.pkl', 'wb').write(pickle.dumps(variant(change), protocol=4))
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-templates-'));
  if (numpyVersion) python(WRITE, dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transition templates (the fast path for repeated transitions)', () => {
  it('rebuilds the transitions of a demo written by this writer exactly as the opcode machine does', async () => {
    const space = { state: box([1, 19], -10, 10), wrist_1: box([1, 8, 8, 3], 0, 255, 'uint8'), wrist_2: box([1, 8, 8, 3], 0, 255, 'uint8') };
    const obs = (i: number): Record<string, Float32Array | Uint8Array> => ({
      state: Float32Array.from({ length: 19 }, (_, k) => Math.sin(i + k)),
      wrist_1: Uint8Array.from({ length: 192 }, (_, k) => (i * 7 + k) & 255),
      wrist_2: Uint8Array.from({ length: 192 }, (_, k) => (i * 13 + k) & 255),
    });
    const transitions = Array.from({ length: 40 }, (_, i) => ({
      observations: obs(i),
      nextObservations: obs(i + 1),
      actions: Float32Array.from({ length: 7 }, (_, k) => Math.cos(i * k)),
      rewards: i % 20 === 19 ? 1 : i * 0.5,
      masks: i % 20 === 19 ? 0 : 1,
      dones: i % 20 === 19,
      intervened: i % 10 === 0,
      success: i % 20 === 19,
    }));
    const path = join(dir, 'ours.pkl');
    await writeTransitionsPickle(path, transitions, { observationSpace: space });
    const bytes = new Uint8Array(await readFile(path));
    const { generic, templated } = await both(bytes);
    expect(Array.isArray(generic) && generic.length).toBe(40);
    expect(templated).toEqual(generic);
    // Transition 0 (memo writes) and the first of each layout (with and without an intervention, ...) run through the machine.
    expect(await templatedItems(bytes)).toBeGreaterThanOrEqual(30);

    // FRAME opcodes (protocol 4 frames) may fall before a transition or inside it: same offsets and results.
    const starts = (generic as { offset: number }[]).map((t) => t.offset);
    const frame = Uint8Array.of(0x95, 8, 0, 0, 0, 0, 0, 0, 0);
    const at = [starts[5], starts[6] + 1, starts[12]]; // before a transition, after its EMPTY_DICT, before another
    const parts: Uint8Array[] = [];
    let from = 0;
    for (const cut of at) {
      parts.push(bytes.subarray(from, cut), frame);
      from = cut;
    }
    parts.push(bytes.subarray(from));
    const framed = new Uint8Array(Buffer.concat(parts));
    const again = await both(framed);
    expect(Array.isArray(again.generic) && again.generic.length).toBe(40);
    expect(again.templated).toEqual(again.generic);
    expect(await templatedItems(framed)).toBeGreaterThanOrEqual(30);
  });

  describe.skipIf(!numpyVersion)('on files written by python3 + numpy', () => {
    for (const layout of ['serl', 'hil', 'nested']) {
      for (const proto of [2, 4, 5]) {
        for (const numpy of ['numpy1', 'numpy2']) {
          it(`${layout}, protocol ${proto}, ${numpy} module names: same transitions as the opcode machine`, async () => {
            const bytes = new Uint8Array(await readFile(join(dir, `${layout}-p${proto}-${numpy}.pkl`)));
            const { generic, templated } = await both(bytes);
            expect(Array.isArray(generic) && generic.length).toBe(12);
            expect(templated).toEqual(generic);
            // Protocol 4 and 5 memoise with MEMOIZE, which templates repeat; protocol 2's numbered memo writes are left to the machine.
            // nested stores numpy scalars (rewards, masks, dones), which templates leave to the machine.
            if (proto >= 4 && numpy === 'numpy2' && layout !== 'nested') expect(await templatedItems(bytes)).toBeGreaterThan(0);
          });
        }
      }
    }

    for (const name of ['shape', 'dtype', 'image-dtype', 'extra-key', 'missing-key', 'reward-type', 'fortran']) {
      it(`a file whose transition 7 differs (${name}) falls back to the opcode machine: same results or the same error`, async () => {
        const bytes = new Uint8Array(await readFile(join(dir, `differs-${name}.pkl`)));
        const { generic, templated } = await both(bytes);
        expect(templated).toEqual(generic);
        expect(await templatedItems(bytes)).toBeGreaterThan(0);
      });
    }

    it('a file cut inside a templated transition gives the same error as without templates', async () => {
      const bytes = new Uint8Array(await readFile(join(dir, 'hil-p4-numpy2.pkl')));
      for (const cut of [0.5, 0.75, 0.9]) {
        const { generic, templated } = await both(bytes.subarray(0, Math.floor(bytes.length * cut)));
        expect(typeof generic).toBe('string');
        expect(templated).toEqual(generic);
      }
    });
  });
});
