import { box, type Transition } from '@rlpd/spaces';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTransitionsPickle, parseTransitionsPickle, readTransitionsPickle, streamTransitionsPickle, writeTransitionsPickle } from './index.js';

function transition(i: number, intervened: boolean): Transition {
  return {
    observations: { state: Float32Array.of(i, 0.25, -1.5), front: Uint8Array.of(i, 255, 0, 7) },
    nextObservations: { state: Float32Array.of(i + 1, 0.5, -2), front: Uint8Array.of(i + 1, 1, 2, 3) },
    actions: Float32Array.of(0.1 * i, -0.5),
    rewards: 0.125 * i,
    masks: 1,
    dones: i === 2,
    intervened,
    success: i === 2,
  };
}

const transitions = [transition(0, false), transition(1, true), transition(2, false)];
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-pickle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transitions pickle round trip', () => {
  it('reads back what it writes, atomically creating the folder', async () => {
    const path = join(dir, 'buffer', 'transitions_3.pkl');
    await writeTransitionsPickle(path, transitions, { observationSpace: { state: box([1, 3], -5, 5), front: box([1, 2, 2, 1], 0, 255, 'uint8') } });
    expect(await readdir(join(dir, 'buffer'))).toEqual(['transitions_3.pkl']);
    expect(await readTransitionsPickle(path)).toEqual(transitions);
  });

  it('reports where each uint8 observation sits in the file, so one frame can be re-read by offset', async () => {
    const path = join(dir, 'offsets.pkl');
    await writeTransitionsPickle(path, transitions, { observationSpace: { state: box([1, 3], -5, 5), front: box([1, 2, 2, 1], 0, 255, 'uint8') } });
    const file = await readFile(path);
    const seen: string[] = [];
    await streamTransitionsPickle(path, ({ index, sourceOffsets }) => {
      seen.push(Object.keys(sourceOffsets).sort().join(','));
      for (const [key, field] of [
        ['observations.front', 'observations'],
        ['next_observations.front', 'nextObservations'],
      ] as const) {
        const at = sourceOffsets[key];
        expect(Uint8Array.from(file.subarray(at, at + 4))).toEqual(transitions[index][field].front);
      }
    });
    expect(seen).toEqual(Array(3).fill('next_observations.front,observations.front'));
  });

  it('keeps many transitions (APPENDS batches, memo past 256 entries) and large images', async () => {
    const big = Array.from({ length: 1200 }, (_, i) => ({
      ...transition(i % 200, i % 7 === 0),
      observations: { state: Float32Array.of(i, 0, 0), front: new Uint8Array(300).fill(i % 256) },
    }));
    const back = await parseTransitionsPickle(await encodeTransitionsPickle(big), 'big');
    expect(back.length).toBe(1200);
    expect(back[1199]).toEqual(big[1199]);
    expect(back[700].observations.front).toEqual(new Uint8Array(300).fill(700 % 256));
  });

  it('writes from a generator, streaming', async () => {
    const path = join(dir, 'gen.pkl');
    function* gen(): Generator<Transition> {
      for (let i = 0; i < 3; i++) yield transition(i, false);
    }
    await writeTransitionsPickle(path, gen());
    expect((await readTransitionsPickle(path)).map((t) => t.rewards)).toEqual([0, 0.125, 0.25]);
  });

  it('rejects shapes that do not match the data', async () => {
    await expect(encodeTransitionsPickle(transitions, { observationSpace: { state: box([4], -1, 1) } })).rejects.toThrow(
      'transition 0: observations.state: ndarray of shape (4,) needs 4 elements, got 3',
    );
  });

  it('fails with one line naming the file and byte offset on truncated, empty and non-pickle files', async () => {
    const bytes = await encodeTransitionsPickle(transitions);
    const cut = join(dir, 'cut.pkl');
    await writeFile(cut, bytes.subarray(0, 150));
    await expect(readTransitionsPickle(cut)).rejects.toThrow(new RegExp(`^${cut}: byte \\d+: .*unexpected end of file`));
    const empty = join(dir, 'empty.pkl');
    await writeFile(empty, new Uint8Array(0));
    await expect(readTransitionsPickle(empty)).rejects.toThrow(`${empty}: byte 0: empty file, expected a pickle (protocol 2-5)`);
    await expect(parseTransitionsPickle(Buffer.from('{"json": 1}'), 'x.json')).rejects.toThrow(
      'x.json: byte 0: not a pickle: starts with 0x7b, expected PROTO (0x80) of protocol 2-5',
    );
    await expect(parseTransitionsPickle(bytes.subarray(0, bytes.length - 1), 'nostop.pkl')).rejects.toThrow(
      /^nostop\.pkl: byte \d+: unexpected end of file: an opcode \(the pickle has no STOP\)/,
    );
  });
});
