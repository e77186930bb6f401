import { box, type Transition } from '@rlpd/spaces';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTransitionsPickle, parseTransitionsPickle, readTransitionsPickle, writeTransitionsPickle } from './index.js';
import { PickleWriter } from './internal/pickle-writer.js';

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
  it('reads back what it writes', async () => {
    const path = join(dir, 'transitions_3.pkl');
    await writeTransitionsPickle(path, transitions, { observationSpace: { state: box([1, 3], -5, 5), front: box([1, 2, 2, 1], 0, 255, 'uint8') } });
    expect(await readdir(dir)).toEqual(['transitions_3.pkl']);
    expect(await readTransitionsPickle(path)).toEqual(transitions);
  });

  it('keeps many transitions (APPENDS batches, memo past 256 entries) and large images', () => {
    const big = Array.from({ length: 1200 }, (_, i) => ({
      ...transition(i % 200, i % 7 === 0),
      observations: { state: Float32Array.of(i, 0, 0), front: new Uint8Array(300).fill(i % 256) },
    }));
    const back = parseTransitionsPickle(encodeTransitionsPickle(big), 'big');
    expect(back.length).toBe(1200);
    expect(back[1199]).toEqual(big[1199]);
    expect(back[700].observations.front).toEqual(new Uint8Array(300).fill(700 % 256));
  });

  it('refuses any global other than numpy reconstructors, naming it', () => {
    const w = new PickleWriter();
    w.global('os', 'system');
    w.str('echo hi');
    w.tuple(1);
    w.reduce();
    expect(() => parseTransitionsPickle(w.finish(), 'evil.pkl')).toThrow(
      "evil.pkl: cannot unpickle: refusing to load global 'os.system'",
    );
  });

  it('names the file, transition and key when a field is missing or mistyped', () => {
    const bytes = encodeTransitionsPickle([transition(0, false)]);
    // Rename the 'rewards' key to 'rewardz' (same length, so the pickle stays valid).
    const text = Buffer.from(bytes).toString('latin1').replace('rewards', 'rewardz');
    expect(() => parseTransitionsPickle(Buffer.from(text, 'latin1'), 'demo.pkl')).toThrow(
      /^demo\.pkl: transition 0: 'rewards': missing key \(the transition has \[observations, actions, next_observations, rewardz/,
    );
    const w = new PickleWriter();
    w.emptyList();
    w.mark();
    w.emptyDict();
    w.mark();
    w.str('observations');
    w.str('not an array');
    w.setItems();
    w.appends();
    expect(() => parseTransitionsPickle(w.finish(), 'demo.pkl')).toThrow(
      "demo.pkl: transition 0: 'observations': expected a dict of numpy arrays or a numpy array, got str",
    );
    expect(() => parseTransitionsPickle(Uint8Array.of(1, 2, 3), 'junk.bin')).toThrow('junk.bin: not a pickle of protocol 2 or later');
  });

  it('rejects shapes that do not match the data', () => {
    expect(() => encodeTransitionsPickle(transitions, { observationSpace: { state: box([4], -1, 1) } })).toThrow(
      'transition 0: observations.state: ndarray of shape (4,) needs 4 elements, got 3',
    );
  });
});
